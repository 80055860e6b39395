/** POSTs a file's bytes to a running server (the server tells the format from them); its JSON answer, or an error with its problems. */
export async function postFileToServer(url: string, path: string, bytes: Uint8Array): Promise<unknown> {
  const res = await fetch(new URL(path, url), { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: new Blob([bytes as Uint8Array<ArrayBuffer>]) });
  const answer = await res.json().catch(() => ({ message: res.statusText }));
  if (!res.ok) throw Object.assign(new Error(`${res.status}: ${answer.message}`), { problems: answer.problems });
  return answer;
}
