// A thin client: starts `dockward server` and hands it Dockerfiles, Compose
// files and dockward.toml. Everything else happens in the server.

import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';

import { documentSelector } from './selector';

let client: LanguageClient | undefined;

// Which dockward to start: `dockward.path` when the user set it, else the
// binary bundled in a platform-specific package (bundled/, put there by
// scripts/ship/vsix), else `dockward` from PATH (the universal package).
function executable(context: vscode.ExtensionContext): string {
  const configured = vscode.workspace.getConfiguration('dockward').get<string>('path');
  if (configured && configured.trim() !== '') {
    return configured.trim();
  }
  const bundled = path.join(
    context.extensionPath,
    'bundled',
    process.platform === 'win32' ? 'dockward.exe' : 'dockward',
  );
  return fs.existsSync(bundled) ? bundled : 'dockward';
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const command = executable(context);
  const serverOptions: ServerOptions = {
    run: { command, args: ['server'], transport: TransportKind.stdio },
    debug: { command, args: ['server'], transport: TransportKind.stdio },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    synchronize: {
      // The server also registers its own watchers; these cover clients
      // that ignore dynamic registration.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{dockward,.dockward}.toml'),
    },
  };
  client = new LanguageClient('dockward', 'dockward', serverOptions, clientOptions);
  try {
    await client.start();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    void vscode.window.showErrorMessage(
      `dockward: cannot start \`${command} server\` (${message}). ` +
        'Install the platform-specific extension, put dockward on your PATH or set `dockward.path`.',
    );
  }
  context.subscriptions.push({ dispose: () => void client?.stop() });
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand('dockward.restart', async () => {
      await client?.stop();
      client = undefined;
      await start(context);
    }),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration('dockward.path')) {
        await vscode.commands.executeCommand('dockward.restart');
      }
    }),
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
