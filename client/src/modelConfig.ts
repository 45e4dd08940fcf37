// `Roofline: Analyze Model Config`: the Roofline panel for a Hugging Face config.json open as a
// JSON document. JSON files are not given to the language server (claiming every .json would be
// intrusive); the server reads the saved file from disk when the panel asks for it, recognises a
// model config by its content (model_type and architectures) and answers with a clear error for
// any other JSON. The panel refreshes when the followed config is saved. Offered on JSON documents
// (package.json `when` clauses); `Roofline: Convert to Model File` works on them as on ONNX files.
import { commands, Uri, window, workspace, type Disposable, type TextDocument } from 'vscode';
import type { RooflinePanel } from './panel/rooflinePanel';

const ANALYZE_CONFIG_COMMAND = 'roofline.analyzeModelConfig';

/** The languages a model config is opened as. */
function isJsonDocument(doc: TextDocument | undefined): doc is TextDocument {
  return !!doc && (doc.languageId === 'json' || doc.languageId === 'jsonc');
}

export function registerModelConfig(panel: RooflinePanel): Disposable[] {
  return [
    commands.registerCommand(ANALYZE_CONFIG_COMMAND, async (arg?: unknown) => {
      const uri = arg instanceof Uri ? arg : typeof arg === 'string' ? Uri.parse(arg) : window.activeTextEditor?.document.uri;
      if (!uri) {
        void window.showInformationMessage('Open a model config.json (a JSON file with model_type and architectures) to analyse it.');
        return;
      }
      const doc = workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (doc?.isUntitled) {
        void window.showInformationMessage('Save the model config first: its saved file is analysed.');
        return;
      }
      if (doc?.isDirty) void window.showInformationMessage('The saved file is analysed; save to see your changes.');
      await panel.show(uri.toString());
    }),
    workspace.onDidSaveTextDocument((doc) => {
      if (isJsonDocument(doc)) panel.refreshIfShowing(doc.uri.toString());
    }),
  ];
}
