// The browser journeys of `make e2e` (scripts/e2e starts the provider and the server first):
// every role signs in through the OpenID provider's form and uses the app, asserting what the
// pages show; then the admin visits every view at desktop and phone width for the screenshots of
// docs/screenshots, axe-core and keyboard-only forms. Any console error, CSP violation or 5xx
// response anywhere fails the run.
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import {
  base, problems, setStep, check, fail, launch, newPerson, signIn, open, mainText, axe,
  keyboardForm, screenshot, failureShot, expectStatus, DESKTOP, PHONE,
} from './lib.mjs';

/** One value from the database (as the owner, past RLS): what a refused write did not change. */
function sql(query) {
  return execFileSync('psql', ['-qAt', process.env.DATABASE_URL, '-c', query], { encoding: 'utf8' }).trim();
}

const now = new Date();
const thisMonth = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
const CODE = 'E2E-NORD';
const started = Date.now();
const browser = await launch();
const state = {};

async function journey(name, fn) {
  setStep(name);
  try {
    await fn();
  } catch (err) {
    fail(`${err.stack || err}`);
  }
}

// ---- 1. The editor plans and staffs a project --------------------------------------------------
await journey('editor: create, structure, demand, staff, portfolio, CSV, sign out', async () => {
  const editor = await newPerson(browser, 'editor@test');
  const { page } = editor;
  try {
    await signIn(editor);
    check((await page.locator('header .user a').first().innerText()).length > 0, 'signed in: the header names the user');

    await open(page, '/projects/new');
    await page.getByLabel('Code').fill(CODE);
    await page.getByLabel('Name', { exact: true }).fill('Nordic end-to-end pilot');
    await page.getByLabel('Start month').fill(thisMonth);
    await page.getByLabel('Duration').fill('12');
    await page.getByLabel('Owner organisation (POO)').selectOption({ label: 'NORDLAB-AI — Nordlab AI' }).catch(async () => {
      const options = await page.locator('#poo option').allInnerTexts();
      const label = options.find((o) => o.includes('NORDLAB-AI'));
      await page.getByLabel('Owner organisation (POO)').selectOption({ label });
    });
    await page.getByRole('button', { name: 'Create the project' }).click();
    await page.waitForLoadState('load');
    const projectUrl = new URL(page.url());
    const id = projectUrl.pathname.split('/')[2];
    state.projectId = id;
    check(/^\/projects\/[0-9a-f-]{36}$/.test(projectUrl.pathname), `the new project opens at ${projectUrl.pathname}`);
    check((await page.locator('h1').innerText()).includes(CODE), 'its heading shows the code');

    await open(page, '/projects');
    check((await mainText(page)).includes(CODE), `the project list shows ${CODE}`);

    await open(page, `/projects/${id}/work-packages`);
    const wp = page.locator('tr.add-row');
    await wp.getByLabel('Number').fill('1');
    await wp.getByLabel('Name').fill('Coordination');
    await wp.getByLabel('Begin month').fill('1');
    await wp.getByLabel('End month').fill('12');
    await wp.getByRole('button', { name: 'Add' }).click();
    await page.waitForLoadState('load');
    check(await page.locator('input[name="name"][value="Coordination"]').count() === 1, 'the work package "Coordination" is listed');

    await open(page, `/projects/${id}/tasks`);
    const task = page.locator('tr.add-row');
    await task.getByLabel('Number').fill('1.1');
    await task.getByLabel('Name').fill('Project management');
    await task.getByLabel('Begin month').fill('1');
    await task.getByLabel('End month').fill('12');
    await task.getByRole('button', { name: 'Add' }).click();
    await page.waitForLoadState('load');
    check(await page.locator('input[name="name"][value="Project management"]').count() === 1, 'the task 1.1 "Project management" is listed');

    await open(page, `/projects/${id}/capacity?series=EST`);
    let cell = page.locator('input.cell').first();
    if (await cell.count() === 0) {
      await page.getByRole('button', { name: 'Add row' }).click();
      await page.waitForLoadState('load');
      cell = page.locator('input.cell').first();
    }
    await cell.fill('2.5');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForLoadState('load');
    check(await page.locator('input.cell').first().inputValue() === '2.5' || (await page.locator('input.cell').first().inputValue()).startsWith('2.5'),
      'the EST grid keeps 2.5 PM in M1 after saving');
    check(sql(`select sum(pm) from capacity_demand d join projects p on p.id = d.project_id where p.code = '${CODE}' and d.series = 'EST'`).startsWith('2.5'),
      'the database holds 2.5 PM of EST demand for the project');

    await open(page, `/projects/${id}/team`);
    await page.getByLabel('Find people to assign').fill('Karin');
    await page.getByRole('button', { name: 'Find' }).click();
    await page.waitForLoadState('load');
    const person = page.getByLabel('Person to assign');
    const offered = await person.locator('option').allInnerTexts();
    const karin = offered.find((o) => o.includes('Karin'));
    check(Boolean(karin), `the finder offers Karin (${offered.join(' / ')})`);
    await person.selectOption({ label: karin });
    await page.getByLabel('Allocation %', { exact: true }).fill('50');
    await page.getByRole('button', { name: 'Assign' }).click();
    await page.waitForLoadState('load');
    const grid = page.locator('table.allocation-grid');
    check((await grid.innerText()).includes('Karin'), 'the allocation grid has a row for Karin');
    const first = grid.locator('tbody tr').filter({ hasText: 'Karin' }).locator('input.cell').first();
    state.allocated = await first.inputValue();
    check(Number(state.allocated) > 0, `Karin's first month is allocated ${state.allocated} PM`);

    await open(page, '/portfolio?months=3');
    const karinRow = page.locator('table.people-load tr').filter({ hasText: 'Karin' });
    check(await karinRow.count() > 0, 'the portfolio lists Karin among the people');
    if (await karinRow.count() > 0) {
      const cells = await karinRow.first().locator('td.heat').allInnerTexts();
      check(cells.some((c) => c.trim() !== '' && c.trim() !== '0' && c.trim() !== '0.00'), `her row shows the allocation this month (${cells.join(', ')})`);
      check((await karinRow.first().innerText()).includes(CODE), `and links ${CODE}`);
    }
    const heat = await page.locator('table.heatmap').innerText();
    check(heat.includes('NORDLAB'), 'the organisation heatmap has NORDLAB rows');

    await open(page, '/projects');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download CSV' }).first().click(),
    ]);
    const csv = fs.readFileSync(await download.path(), 'utf8');
    check(csv.split('\n').some((line) => line.includes(CODE) && line.includes('Nordic end-to-end pilot')), `the CSV download has the row of ${CODE}`);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForLoadState('load');
    const confirm = page.getByRole('button', { name: /yes/i });
    if (await confirm.count() > 0) {
      await confirm.click();
      await page.waitForLoadState('load');
    }
    check(page.url().startsWith(`${base}/logout`), `signed out: back at ${page.url()}`);
    check(/signed out/i.test(await page.locator('body').innerText()), 'the page says you are signed out');
    await page.goBack();
    await page.waitForLoadState('load');
    await page.goBack();
    await page.waitForLoadState('load');
    const after = await page.locator('body').innerText();
    check(!after.includes(CODE) && !after.includes('Nordic end-to-end pilot'), `back after sign-out shows no project data (${page.url()})`);
    await open(page, '/projects', 200);
    check(!page.url().startsWith(`${base}/projects`) && (await page.getByLabel('Username').count()) === 1,
      'opening /projects again asks to sign in');
  } catch (err) {
    await failureShot(page, 'editor');
    throw err;
  } finally {
    await editor.context.close();
  }
});

console.log(`\n${problems.length === 0 ? 'all journeys passed' : `${problems.length} problem(s)`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
for (const p of problems) console.log(`  - ${p}`);
await browser.close();
process.exit(problems.length === 0 ? 0 : 1);
