// editors/vscode/extension.js: starts `ddx lsp` for .ddx files and connects VS Code to it.
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration('ddx');
  const command = config.get('path', 'ddx');
  const serverOptions = {
    run: { command, args: ['lsp'], transport: TransportKind.stdio },
    debug: { command, args: ['lsp'], transport: TransportKind.stdio },
  };
  const clientOptions = {
    documentSelector: [{ scheme: 'file', language: 'ddx' }],
    initializationOptions: { kb: config.get('knowledgeBase', []) },
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.ddx') },
  };
  client = new LanguageClient('ddx', 'ddx language server', serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.commands.registerCommand('ddx.restartServer', async () => {
      if (client) await client.restart();
    }),
  );
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
