// Which documents VS Code hands the server: by language, and by file name
// for files VS Code does not recognize (`compose.prod.yaml` is plain YAML to
// it). The server decides by name what to lint and ignores the rest.
// Kept free of the `vscode` module so that tests can load it in plain Node.

export type Filter = { language: string } | { scheme: string; pattern: string };

export const documentSelector: Filter[] = [
  { language: 'dockerfile' },
  { language: 'dockercompose' },
  { scheme: 'file', pattern: '**/{Dockerfile,Containerfile,dockerfile,containerfile}' },
  { scheme: 'file', pattern: '**/{Dockerfile,Containerfile,dockerfile,containerfile}{.,-,_}*' },
  { scheme: 'file', pattern: '**/*.{Dockerfile,Containerfile,dockerfile,containerfile}' },
  { scheme: 'file', pattern: '**/{compose,docker-compose}{.,-,_}*{yml,yaml}' },
  { scheme: 'file', pattern: '**/{dockward,.dockward}.toml' },
];
