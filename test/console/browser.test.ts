/**
 * The console in a real browser: Debian's Chromium driven by playwright-core, against the app on a loopback
 * port. A clerk files an objection from the form the OpenAPI schema builds and forwards it; the provider unit
 * finds the task in its inbox and dismisses it; the clerk finishes the case; the supervisor's dashboard opens.
 * Where Chromium is not installed the suite says "skipped: no Chromium"; CI installs it and sets
 * CREDIT_REQUIRE_BROWSER, so there a missing browser fails instead.
 */
import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { testApp, type TestApp } from '../support/app';
import { listenAsServerDoes, type Listening } from '../support/listening';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = fs.existsSync(CHROMIUM);
if (!available && process.env.CREDIT_REQUIRE_BROWSER) {
  throw new Error(`CREDIT_REQUIRE_BROWSER is set but there is no Chromium at ${CHROMIUM}`);
}
// The machine's network is closed: without these Chromium keeps trying to reach Google's hosts.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let t: TestApp;
let server: Listening;
let browser: Browser;

const suite = available ? describe : describe.skip;

suite(available ? 'the console in Chromium' : `skipped: no Chromium at ${CHROMIUM}`, () => {
  beforeAll(async () => {
    t = await testApp();
    server = await listenAsServerDoes(t.app);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await t?.close();
  });

  /** A fresh page signed in with `token`, on the signed-in home view. */
  async function signedIn(token: string): Promise<Page> {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${server.port}/`);
    await page.getByLabel(/Bearer token/).fill(token);
    await page.getByLabel(/Bearer token/).press('Enter');
    await page.locator('#who').getByRole('button', { name: /退出/ }).waitFor();
    return page;
  }

  /** Waits until the case page shows the state named `zh` (the label GET /api/case-types gives). */
  const stateShown = (page: Page, zh: string) =>
    page.locator('dl.facts dd').first().filter({ hasText: zh }).waitFor();

  test('异议 end to end: filed, forwarded, dismissed by the provider unit, processed; refusals are shown', async () => {
    const clerk = await signedIn('demo-clerk');
    await clerk.getByRole('link', { name: /受理申请/ }).click();
    // One form per case type that has a filing route, built from that route's schema.
    const tabs = clerk.getByRole('navigation', { name: /Case type/ });
    await expect(tabs.getByRole('link').allInnerTexts()).resolves.toEqual([
      expect.stringContaining('异议'),
      expect.stringContaining('信用修复'),
      expect.stringContaining('守信信息不公开'),
    ]);
    await clerk.getByLabel(/recordId/).fill('rec-000003');
    await clerk.getByLabel(/姓名或名称/).fill('测试甲');
    await clerk.getByLabel(/idNumber/).fill('110105194912310021'); // wrong check digit
    await clerk.getByLabel(/异议类型/).selectOption('wrong');
    await clerk.getByLabel(/理由/).fill('处罚决定已被撤销');
    await clerk.getByRole('button', { name: /受理/ }).click();
    // The refusal names the field; nothing was filed.
    await clerk.getByRole('alert').getByText('body.applicant.idNumber').waitFor();
    expect(await t.db.knex('cases').pluck('id')).toEqual([]);

    await clerk.getByLabel(/idNumber/).fill('11010519491231002X');
    await clerk.getByRole('button', { name: /受理/ }).click();
    await clerk.waitForURL(/#\/cases\/obj-/);
    const caseId = decodeURIComponent(new URL(clerk.url()).hash.slice('#/cases/'.length));
    await clerk.getByRole('heading', { name: new RegExp(caseId) }).waitFor();
    await stateShown(clerk, '比对');

    await clerk.getByRole('button', { name: /转交核查/ }).click();
    await clerk.getByRole('button', { name: /确认转交核查/ }).click();
    await stateShown(clerk, '核查');

    const provider = await signedIn('demo-provider-a');
    await provider.getByRole('link', { name: caseId }).click();
    await provider.getByRole('button', { name: /核查不属实/ }).click();
    await provider.getByLabel(/理由/).fill('原处罚决定有效');
    await provider.getByRole('button', { name: /确认核查不属实/ }).click();
    await stateShown(provider, '处理');

    await clerk.reload();
    await clerk.getByRole('button', { name: /处理完毕/ }).click();
    await clerk.getByRole('button', { name: /确认处理完毕/ }).click();
    await stateShown(clerk, '已办结');
    await clerk.getByText(/您当前无可执行的操作/).waitFor();
    expect(await t.db.knex('cases').where({ id: caseId }).first('state')).toEqual({ state: 'closed' });

    const supervisor = await signedIn('demo-supervisor');
    // A supervisor lands on the SLA dashboard.
    await supervisor.getByRole('heading', { name: /SLA 看板/ }).waitFor();
  }, 120_000);
});
