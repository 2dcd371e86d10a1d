export function updateReadme(_all: unknown): void {}
