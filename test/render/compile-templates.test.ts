import { beforeAll, describe, expect, it } from 'vitest';
import { compileTemplates, readTemplateSources, type TemplateSources } from '../../src/render/index.ts';

let sources: TemplateSources;

beforeAll(async () => {
  sources = await readTemplateSources();
});

function lineOf(source: string, needle: string): number {
  return source.slice(0, source.indexOf(needle)).split('\n').length;
}

async function compileError(
  changed: TemplateSources,
): Promise<{ code: string; message: string; details: object }> {
  const error = await compileTemplates({ ...sources, ...changed }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeDefined();
  return error as { code: string; message: string; details: object };
}

describe('compileTemplates', () => {
  it('compiles the shipped templates', async () => {
    const templates = await compileTemplates(sources);
    expect(Object.keys(templates).sort()).toEqual(['confirm', 'issue', 'welcome']);
  });

  it('fails with the template name and line on an invalid MJML attribute', async () => {
    const issue = (sources['issue.mjml'] ?? '').replace(
      '<mj-section mj-class="card"',
      '<mj-section colour="red" mj-class="card"',
    );
    const error = await compileError({ 'issue.mjml': issue });
    expect(error.code).toBe('TEMPLATE_INVALID');
    expect(error.message).toContain(`issue.mjml:${lineOf(issue, 'colour="red"')}`);
    expect(error.message).toContain('Attribute colour is illegal');
    expect(error.details).toMatchObject({ template: 'issue.mjml', line: lineOf(issue, 'colour="red"') });
  });

  it('points into the partial when the mistake is in an included file', async () => {
    const footer = (sources['partials/footer.mjml'] ?? '').replace('<mj-column>', '<mj-column width="wide">');
    const error = await compileError({ 'partials/footer.mjml': footer });
    expect(error.message).toContain(`partials/footer.mjml:${lineOf(footer, 'width="wide"')}`);
  });

  it('rejects a Handlebars expression in a typed attribute', async () => {
    const welcome = (sources['welcome.mjml'] ?? '').replace(
      'background-color="#0b57d0"',
      'background-color="{{accent}}"',
    );
    const error = await compileError({ 'welcome.mjml': welcome });
    expect(error.message).toContain(`welcome.mjml:${lineOf(welcome, '{{accent}}')}`);
  });

  it('fails when MJML silently drops a block helper between sections', async () => {
    const issue = (sources['issue.mjml'] ?? '')
      .replace('<mj-raw>{{#each sections}}</mj-raw>', '{{#each sections}}')
      .replace('<mj-raw>{{/each}}</mj-raw>', '{{/each}}');
    const error = await compileError({ 'issue.mjml': issue });
    expect(error.message).toContain(`issue.mjml:${lineOf(issue, '{{#each sections}}')}`);
    expect(error.message).toContain('dropped by MJML');
  });

  it('fails with the line of a Handlebars syntax error', async () => {
    const confirm = (sources['confirm.mjml'] ?? '').replace('{{email}}', '{{#if email}}');
    const error = await compileError({ 'confirm.mjml': confirm });
    expect(error.code).toBe('TEMPLATE_INVALID');
    expect(error.message).toMatch(/^template confirm\.mjml:\d+: Parse error/);
    const text = await compileError({ 'welcome.txt.hbs': '{{newsletterName}\n' });
    expect(text.message).toMatch(/^template welcome\.txt\.hbs:1: Parse error/);
  });

  it('names a missing template file', async () => {
    const { 'confirm.txt.hbs': _dropped, ...rest } = sources;
    const error = await compileTemplates(rest).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'TEMPLATE_INVALID',
      message: 'template confirm.txt.hbs: file not found',
    });
  });
});
