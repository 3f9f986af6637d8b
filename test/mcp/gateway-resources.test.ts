/**
 * The downstream servers' resources and prompts through a real `troupe serve --config`, in
 * front of server-everything, compared with a direct SDK connection to the same server:
 * resources listed as `troupe://gateway/<server>/<their URI>` and read through troupe with
 * the same contents, their templates listed under the same prefix (and a URI from one read),
 * prompts listed as `<server>__<prompt>` with their arguments and got with the same messages;
 * a config edit that adds a server is heard as `resources/list_changed` and
 * `prompts/list_changed`, and the new server's prompts are listed.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  PromptListChangedNotificationSchema,
  ResourceListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { afterEach, expect, it } from 'vitest';
import { directClient, EVERYTHING } from '../actors/gateway/servers.js';
import { until } from '../helpers/until.js';
import { connect, freshDataDir, removeDataDirs } from './serve-client.js';

const clients: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
  removeDataDirs();
});

const everything = { command: process.execPath, args: [EVERYTHING, 'stdio'] };
const troupeUri = (server: string, uri: string) => `troupe://gateway/${server}/${uri}`;

it('lists and reads downstream resources, templates and prompts under troupe’s names, as the server gives them', async () => {
  const root = freshDataDir('gateway-resources');
  const file = join(root, 'troupe.config.json');
  writeFileSync(file, JSON.stringify({ mcpServers: { everything } }));
  const client: Client = await connect(join(root, '.troupe'), ['--durability', 'memory']);
  clients.push(client);
  const direct = await directClient(process.execPath, [EVERYTHING, 'stdio']);
  clients.push(direct);

  const { resources: own } = await direct.listResources();
  expect(own.length).toBeGreaterThan(0);
  let listed: { uri: string; name: string; mimeType?: string }[] = [];
  await until(
    async () => {
      listed = (await client.listResources()).resources;
      return own.every((resource) =>
        listed.some((each) => each.uri === troupeUri('everything', resource.uri)),
      );
    },
    20_000,
    100,
  );
  const first = own[0] as (typeof own)[number];
  expect(listed.find((each) => each.uri === troupeUri('everything', first.uri))).toMatchObject({
    name: first.name,
    mimeType: first.mimeType,
  });
  expect(listed.map((each) => each.uri)).toContain('troupe://servers');

  const viaTroupe = await client.readResource({ uri: troupeUri('everything', first.uri) });
  const viaServer = await direct.readResource({ uri: first.uri });
  expect(viaTroupe.contents.map((content) => ({ ...content, uri: undefined }))).toEqual(
    viaServer.contents.map((content) => ({ ...content, uri: undefined })),
  );
  expect(viaTroupe.contents[0]?.uri).toBe(troupeUri('everything', viaServer.contents[0]?.uri as string));

  // Templates: each of the server's, under the prefix; a URI they make is read through troupe.
  const { resourceTemplates: ownTemplates } = await direct.listResourceTemplates();
  const templates = await until(
    async () => {
      const found = (await client.listResourceTemplates()).resourceTemplates.map((each) => each.uriTemplate);
      return ownTemplates.every((template) => found.includes(troupeUri('everything', template.uriTemplate)));
    },
    10_000,
    100,
  ).then(async () => (await client.listResourceTemplates()).resourceTemplates);
  expect(templates.map((each) => each.uriTemplate)).toContain('troupe://gateway/{server}/{+uri}');
  const textTemplate = ownTemplates.find((each) => each.uriTemplate.includes('/text/'));
  expect(textTemplate).toBeDefined();
  const made = String(textTemplate?.uriTemplate).replace('{resourceId}', '7');
  const dynamic = await client.readResource({ uri: troupeUri('everything', made) });
  const dynamicDirect = await direct.readResource({ uri: made });
  // The server stamps the time it made the text (`created at 6:44:11 AM`): the two reads may fall in different seconds.
  const unstamped = (contents: readonly unknown[]) =>
    (contents[0] as { text: string }).text.replace(/created at .*$/, 'created at <time>');
  expect((dynamic.contents[0] as { text: string }).text).toMatch(/^Resource 7: .*created at /);
  expect(unstamped(dynamic.contents)).toBe(unstamped(dynamicDirect.contents));
  const missing = await client
    .readResource({ uri: troupeUri('nowhere', 'demo://resource/static/document/x.md') })
    .catch((error: Error) => error);
  expect(String(missing)).toMatch(/nowhere/);

  // Prompts: `<server>__<prompt>`, the same arguments, the same messages.
  const { prompts: ownPrompts } = await direct.listPrompts();
  const prompts = (await client.listPrompts()).prompts;
  for (const prompt of ownPrompts) {
    expect(prompts.find((each) => each.name === `everything__${prompt.name}`)).toMatchObject({
      description: prompt.description,
      ...(prompt.arguments ? { arguments: prompt.arguments } : {}),
    });
  }
  const args = { city: 'Lyon', state: 'Rhône' };
  const got = await client.getPrompt({ name: 'everything__args-prompt', arguments: args });
  const gotDirect = await direct.getPrompt({ name: 'args-prompt', arguments: args });
  expect(got.messages).toEqual(gotDirect.messages);
  expect(
    await client.getPrompt({ name: 'everything__nothing' }).catch((error: Error) => String(error)),
  ).toMatch(/nothing/);

  // A server added by a config edit: both lists are announced as changed, its prompts listed.
  let resourcesChanged = 0;
  let promptsChanged = 0;
  client.setNotificationHandler(ResourceListChangedNotificationSchema, async () => {
    resourcesChanged++;
  });
  client.setNotificationHandler(PromptListChangedNotificationSchema, async () => {
    promptsChanged++;
  });
  writeFileSync(file, JSON.stringify({ mcpServers: { everything, second: everything } }));
  await until(
    async () =>
      resourcesChanged > 0 &&
      promptsChanged > 0 &&
      (await client.listPrompts()).prompts.some((each) => each.name === 'second__simple-prompt'),
    30_000,
    100,
  );
}, 90_000);
