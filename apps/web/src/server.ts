import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { type Config, loadConfig } from './config.js';

function configOrExit(): Config {
  try {
    return loadConfig(process.env);
  } catch (error) {
    console.error(`minitwit-web: invalid configuration: ${(error as Error).message}`);
    process.exit(1);
  }
}

const config = configOrExit();
const app = await buildApp(config);

closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
  if (err) app.log.error({ err }, 'closing after an uncaught error');
  else app.log.info({ signal }, 'closing');
  await app.close();
});

await app.listen({ host: config.HOST, port: config.PORT });
