// Reads Azure Pipelines logging commands on stdin, one a line, and prints
// what the task library's parser (azure-pipelines-task-lib, commandFromString)
// reads from each as a JSON array: {command, properties, message}. A line the
// parser rejects is {error}.
const { commandFromString } = require('azure-pipelines-task-lib/taskcommand');
const input = require('fs').readFileSync(0, 'utf8');
const lines = input.split('\n');
if (lines[lines.length - 1] === '') lines.pop();
const out = lines.map((line) => {
  try {
    const c = commandFromString(line);
    return { command: c.command, properties: c.properties, message: c.message };
  } catch (e) {
    return { error: String(e.message) };
  }
});
process.stdout.write(JSON.stringify(out));
