import { EnvironmentError } from '../errors.js';

/**
 * Vagrant, or the VM it manages, failed. The message quotes Vagrant's own words where
 * there are any, and ends with what to do next; the exit code is 3 (environment).
 */
export class VagrantError extends EnvironmentError {}
