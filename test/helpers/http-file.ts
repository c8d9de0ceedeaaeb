/**
 * A small reader of `.http` files (the VS Code REST Client syntax of requests/): file variables
 * (`@name = value`), requests separated by `###`, `# @name x` to keep an answer, and
 * `{{x.response.body.$.field}}` to use a field of it. Enough to run the collection in a test.
 */
import fs from 'node:fs';

export interface HttpFileRequest {
  /** The `###` line's text: what the request is for. */
  title: string;
  name?: string;
  method: string;
  url: string;
  headers: [string, string][];
  body?: string;
}

export interface HttpFile {
  variables: Record<string, string>;
  requests: HttpFileRequest[];
}

export function parseHttpFile(file: string): HttpFile {
  const variables: Record<string, string> = {};
  const requests: HttpFileRequest[] = [];
  const chunks = fs.readFileSync(file, 'utf8').split(/^###/m);
  chunks.forEach((chunk, index) => {
    const lines = chunk.split('\n');
    const title = index === 0 ? '' : lines.shift()!.trim();
    let name: string | undefined;
    let i = 0;
    for (; i < lines.length; i++) {
      const line = lines[i].trim();
      const variable = /^@(\w+)\s*=\s*(.*)$/.exec(line);
      if (variable) variables[variable[1]] = variable[2];
      else if (/^#\s*@name\s+(\w+)/.test(line)) name = /^#\s*@name\s+(\w+)/.exec(line)![1];
      else if (line !== '' && !line.startsWith('#') && !line.startsWith('//')) break;
    }
    if (i >= lines.length) return;
    const [method, url] = lines[i].trim().split(/\s+/);
    const headers: [string, string][] = [];
    for (i++; i < lines.length && lines[i].trim() !== ''; i++) {
      const colon = lines[i].indexOf(':');
      headers.push([lines[i].slice(0, colon).trim(), lines[i].slice(colon + 1).trim()]);
    }
    const body = lines.slice(i).join('\n').trim();
    requests.push({ title, name, method, url, headers, body: body === '' ? undefined : body });
  });
  return { variables, requests };
}

/** Resolves `{{...}}` against the variables and the named answers so far; an unknown name throws. */
export function resolve(text: string, variables: Record<string, string>, answers: Record<string, unknown>): string {
  return text.replace(/\{\{\s*([^}]+?)\s*\}\}/g, (_all, expression: string) => {
    const reference = /^(\w+)\.response\.body\.\$\.(\w+)$/.exec(expression);
    if (reference) {
      const value = (answers[reference[1]] as Record<string, unknown> | undefined)?.[reference[2]];
      if (value === undefined) throw new Error(`{{${expression}}}: no such answer or field`);
      return String(value);
    }
    if (!(expression in variables)) throw new Error(`{{${expression}}}: no such variable`);
    return resolve(variables[expression], variables, answers);
  });
}
