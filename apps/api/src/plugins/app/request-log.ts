import { requestLog } from '@minitwit/service';

export default requestLog;
