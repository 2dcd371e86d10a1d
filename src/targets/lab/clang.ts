import { arch } from 'node:os';

const MULTIARCH: Record<string, string> = { x64: 'x86_64', arm64: 'aarch64' };

/** `-I` for asm/ headers: Debian keeps them in the multiarch directory, which `-target bpf` does not search. */
export function clangArgs(src: string, out: string): string[] {
  return [
    'clang',
    '-O2',
    '-g',
    '-target',
    'bpf',
    `-I/usr/include/${MULTIARCH[arch()] ?? arch()}-linux-gnu`,
    '-c',
    src,
    '-o',
    out,
  ];
}
