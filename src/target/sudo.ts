import { EnvironmentError } from '../errors.js';

/**
 * sudo's own complaints, turned into what to change. Returns undefined when stderr
 * is not sudo's (the script itself ran).
 */
export function sudoProblem(stderr: string, user: string, where: string,
  orElse = 'or connect as root'): EnvironmentError | undefined {
  if (/sudo: (a )?password is required|a terminal is required/.test(stderr)) {
    return new EnvironmentError(
      `sudo on ${where} asks ${user} for a password, and netlab runs without a terminal.\n` +
      `  fix: allow ${user} to run sudo without a password, for instance with the line\n` +
      `       "${user} ALL=(ALL) NOPASSWD: ALL" in /etc/sudoers.d/netlab (edit with visudo),\n` +
      `       ${orElse}`);
  }
  if (/is not in the sudoers file|is not allowed to run sudo|may not run sudo/.test(stderr)) {
    return new EnvironmentError(
      `${user} may not use sudo on ${where}, and netlab needs root there to create namespaces.\n` +
      `  fix: add ${user} to the sudoers (or the sudo group), ${orElse}`);
  }
  if (/sudo: (command )?not found|sudo: No such file/.test(stderr)) {
    return new EnvironmentError(
      `${where} has no sudo, and ${user} is not root.\n` +
      `  fix: install sudo there (apt-get install sudo), ${orElse}`);
  }
  return undefined;
}
