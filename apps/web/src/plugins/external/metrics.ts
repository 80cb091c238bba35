import { metrics } from '@minitwit/service';

export default metrics;
