// The browser journeys of `make e2e` (scripts/e2e starts the provider and the server first):
// every role signs in through the OpenID provider's form and uses the app, asserting what the
// pages show; then the admin visits every view at desktop and phone width for the screenshots of
// docs/screenshots, axe-core and keyboard-only forms. Any console error, CSP violation or 5xx
// response anywhere fails the run.
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import {
  base, problems, setStep, check, fail, launch, newPerson, signIn, open, mainText, axe,
  keyboardForm, screenshot, failureShot, signOut, expectStatus, DESKTOP, PHONE,
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

/** Clicks what submits a form or follows a link, and waits for the page it leads to. */
async function clickAndWait(page, locator) {
  await Promise.all([page.waitForNavigation(), locator.click()]);
}

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
    check((await page.locator('header .user a').first().innerText()).includes('editor'), 'signed in: the header names the editor');

    await open(page, '/projects/new');
    await page.getByLabel('Code').fill(CODE);
    await page.getByLabel('Name', { exact: true }).fill('Nordic end-to-end pilot');
    await page.getByLabel('Start month').fill(thisMonth);
    await page.getByLabel('Duration').fill('12');
    const poo = (await page.locator('#poo option').allInnerTexts()).find((o) => o.startsWith('NORDLAB-AI'));
    await page.getByLabel('Owner organisation (POO)').selectOption({ label: poo });
    await clickAndWait(page, page.getByRole('button', { name: 'Create the project' }));
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
    // Enter in a field submits its form, like a keyboard user would.
    await Promise.all([page.waitForNavigation(), wp.getByLabel('End month').press('Enter')]);
    check(await page.locator('input[name="name"][value="Coordination"]').count() === 1, 'the work package "Coordination" is listed');

    await open(page, `/projects/${id}/tasks`);
    const task = page.locator('tr.add-row');
    await task.getByLabel('Number').fill('1.1');
    await task.getByLabel('Name').fill('Project management');
    await task.getByLabel('Begin month').fill('1');
    await task.getByLabel('End month').fill('12');
    await clickAndWait(page, task.getByRole('button', { name: 'Add' }));
    check(await page.locator('input[name="name"][value="Project management"]').count() === 1, 'the task 1.1 "Project management" is listed');

    await open(page, `/projects/${id}/capacity?series=EST`);
    let cell = page.locator('input.cell').first();
    if (await cell.count() === 0) {
      await clickAndWait(page, page.getByRole('button', { name: 'Add row' }));
      cell = page.locator('input.cell').first();
    }
    await cell.fill('2.5');
    await clickAndWait(page, page.getByRole('button', { name: 'Save changes' }));
    check(await page.locator('input.cell').first().inputValue() === '2.5' || (await page.locator('input.cell').first().inputValue()).startsWith('2.5'),
      'the EST grid keeps 2.5 PM in M1 after saving');
    check(sql(`select sum(pm) from capacity_demand d join projects p on p.id = d.project_id where p.code = '${CODE}' and d.series = 'EST'`).startsWith('2.5'),
      'the database holds 2.5 PM of EST demand for the project');

    await open(page, `/projects/${id}/team`);
    await page.getByLabel('Find people to assign').fill('Karin');
    await clickAndWait(page, page.getByRole('button', { name: 'Find' }));
    const person = page.getByLabel('Person to assign');
    const offered = await person.locator('option').allInnerTexts();
    const karin = offered.find((o) => o.includes('Karin'));
    check(Boolean(karin), `the finder offers Karin (${offered.join(' / ')})`);
    await person.selectOption({ label: karin });
    await page.getByLabel('Allocation %', { exact: true }).fill('50');
    await clickAndWait(page, page.getByRole('button', { name: 'Assign' }));
    const grid = page.locator('table.allocation-grid');
    check((await grid.innerText()).includes('Karin'), 'the allocation grid has a row for Karin');
    const first = grid.locator('tbody tr').filter({ hasText: 'Karin' }).locator('input.cell').first();
    state.allocated = await first.inputValue();
    check(Number(state.allocated) > 0, `Karin's first month is allocated ${state.allocated} PM`);

    await open(page, `/portfolio?from=${thisMonth}&months=3`);
    const karinRow = page.locator('table.people-load tr').filter({ hasText: 'Karin' });
    check(await karinRow.count() > 0, 'the portfolio lists Karin among the people');
    if (await karinRow.count() > 0) {
      const cells = await karinRow.first().locator('td.heat').allInnerTexts();
      check(cells[0].trim() === '50 %', `her row shows 50 % allocated this month (${cells.join(', ')})`);
      check((await karinRow.first().innerText()).includes(CODE), `and links ${CODE}`);
    }
    // Karin is NORDLAB-BIO's only person: its Allocated cell this month is her allocation.
    const bio = page.locator('table.heatmap tbody').filter({ hasText: 'NORDLAB-BIO' });
    const bioAllocated = await bio.locator('tr').filter({ hasText: 'Allocated' }).locator('td.num').first().innerText();
    check(Math.abs(Number(bioAllocated) - Number(state.allocated)) < 0.01,
      `the heatmap cell NORDLAB-BIO × ${thisMonth} shows the allocated ${bioAllocated} PM (grid: ${state.allocated})`);

    await open(page, '/projects');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download CSV' }).first().click(),
    ]);
    const csv = fs.readFileSync(await download.path(), 'utf8');
    check(csv.split('\n').some((line) => line.includes(CODE) && line.includes('Nordic end-to-end pilot')), `the CSV download has the row of ${CODE}`);

    await signOut(page);
    check(page.url().startsWith(`${base}/logout`), `signed out: back at ${page.url()}`);
    check(/signed out/i.test(await page.locator('body').innerText()), 'the page says you are signed out');
    await page.goBack();
    await page.waitForLoadState('load');
    await page.goBack();
    await page.waitForLoadState('load');
    const after = await page.locator('body').innerText();
    check(!after.includes(CODE) && !after.includes('Nordic end-to-end pilot'), `back after sign-out shows no project data (${page.url()})`);
    check((await page.getByLabel('Username').count()) === 1, 'but the sign-in form (pages are no-store, so back asks the server again)');
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

// The fields a person could change on the current page: POST forms other than signing out and
// "Share this view", and enabled fields or buttons outside GET (filter) forms.
async function editControls(page) {
  return page.evaluate(() => {
    const main = document.querySelector('main');
    const usable = (el) => !el.disabled && el.type !== 'hidden' && !el.readOnly;
    const posts = [...main.querySelectorAll('form[method="post" i]')]
      .filter((f) => !f.classList.contains('share-form') && [...f.elements].some(usable))
      .map((f) => f.getAttribute('action'));
    const fields = [...main.querySelectorAll('input, select, textarea, button')]
      .filter((el) => !el.disabled && el.type !== 'hidden' && !el.closest('form[method="get" i]')
        && !el.closest('.share-form') && !(el.form && el.form.method === 'get') && !el.readOnly)
      .map((el) => `${el.tagName.toLowerCase()}[name=${el.name}]`);
    return [...posts.map((a) => `form ${a}`), ...fields];
  });
}

// ---- 1b. A Finnish planner does the same in Finnish, meeting no English word ---------------------
/** Words of the English interface that must not show on a Finnish or Swedish page: in its
 *  navigation, headings, labels, buttons, column headings, banners, field errors, footer and
 *  the titles, placeholders and labels read out (data typed by users may be in any language, so
 *  table cells and inputs are not read). */
const ENGLISH_UI = ['Save', 'Cancel', 'Delete', 'Edit', 'Add', 'Projects', 'Organisation',
  'Organisations', 'Total', 'Month', 'Months', 'Download', 'Nothing', 'Choose', 'Enter', 'Capacity',
  'Portfolio', 'People', 'Team', 'Tasks', 'Task', 'Work packages', 'Milestones', 'Deliverables', 'Settings',
  'Help', 'Sign out', 'Name', 'Code', 'Start', 'Duration', 'Allocated', 'Allocation', 'Free', 'Demand',
  'Role', 'Person', 'Find', 'Show', 'Filter', 'Home', 'Language', 'Share', 'History', 'Overview', 'Assign'];

/** English words that are also words of a language (Swedish "Start" is the home page). */
const ALSO_WORDS_OF = { fi: [], sv: ['Start', 'Organisation', 'Team', 'Person'] };

async function englishOnPage(page, lang) {
  const words = ENGLISH_UI.filter((w) => !ALSO_WORDS_OF[lang].includes(w));
  return page.evaluate((words) => {
    const selector = 'nav, header, footer, h1, h2, h3, label, button, thead th, caption, legend, .banner, '
      + 'summary, .field-error, .muted, .hint';
    const texts = [...document.querySelectorAll(selector)].map((el) => el.innerText);
    for (const el of document.querySelectorAll('[title], [placeholder], [aria-label]')) {
      texts.push(el.getAttribute('title') || '', el.getAttribute('placeholder') || '', el.getAttribute('aria-label') || '');
    }
    const all = texts.join('\n');
    return words.filter((w) => new RegExp(`(^|[^\\p{L}])${w}($|[^\\p{L}])`, 'u').test(all));
  }, words);
}

/** The page is in LANG: `<html lang>`, no English word of the interface, axe-core clean. */
async function speaks(page, lang, what) {
  check(await page.locator('html').getAttribute('lang') === lang, `${what}: <html lang="${lang}">`);
  const left = await englishOnPage(page, lang);
  check(left.length === 0, `${what}: no English word of the interface (${left.join(', ')})`);
  await axe(page, `${what} (${lang})`);
}

await journey('Finnish planner: plans, staffs and reads the portfolio in Finnish', async () => {
  const planner = await newPerson(browser, 'editor@test', DESKTOP, 'fi-FI');
  const { page } = planner;
  const FI = 'E2E-FI';
  try {
    await signIn(planner);
    await speaks(page, 'fi', 'home');

    await open(page, '/projects/new');
    await speaks(page, 'fi', 'new project');
    const form = page.locator('form:has(input[name="code"])');
    await form.locator('input[name="code"]').fill(FI);
    await form.locator('input[name="name"]').fill('Pohjoismainen pilotti');
    await form.locator('input[name="start"]').fill(thisMonth);
    await form.locator('input[name="duration"]').fill('kaksitoista');
    const poo = (await page.locator('#poo option').allInnerTexts()).find((o) => o.startsWith('NORDLAB-AI'));
    await page.locator('#poo').selectOption({ label: poo });
    expectStatus(page, 422);
    await clickAndWait(page, form.locator('button[type="submit"]'));
    expectStatus(page, null);
    const refusal = await page.locator('.field-error').allInnerTexts();
    check(refusal.length === 1 && !/Enter|duration/.test(refusal[0]), `a wrong duration is refused in Finnish: "${refusal.join(' / ')}"`);
    check(sql(`select count(*) from projects where code = '${FI}'`) === '0', 'and nothing is stored');
    await speaks(page, 'fi', 'refused project form');
    await form.locator('input[name="duration"]').fill('12');
    await clickAndWait(page, form.locator('button[type="submit"]'));
    const id = new URL(page.url()).pathname.split('/')[2];
    check(sql(`select duration_months from projects where code = '${FI}'`) === '12', `${FI} is created, 12 months long`);
    await speaks(page, 'fi', 'project overview');

    for (const [tab, number, name] of [['work-packages', '1', 'Koordinointi'], ['tasks', '1.1', 'Projektinhallinta']]) {
      await open(page, `/projects/${id}/${tab}`);
      await speaks(page, 'fi', tab);
      const row = page.locator('tr.add-row');
      await row.locator('input[name="number"]').fill(number);
      await row.locator('input[name="name"]').fill(name);
      await row.locator('input[name="begin"]').fill('1');
      await row.locator('input[name="end"]').fill('12');
      await clickAndWait(page, row.locator('button[type="submit"]'));
      check(await page.locator(`input[name="name"][value="${name}"]`).count() === 1, `${tab}: "${name}" is listed`);
    }

    await open(page, `/projects/${id}/capacity?series=EST`);
    if (await page.locator('input.cell').count() === 0) {
      await clickAndWait(page, page.locator('form:has(#add_task) button[type="submit"]'));
    }
    await speaks(page, 'fi', 'capacity grid');
    // A Finn types a decimal comma.
    await page.locator('input.cell').first().fill('2,5');
    await clickAndWait(page, page.locator(`form[method="post"][action="/projects/${id}/capacity"] button[type="submit"]`).first());
    check(sql(`select sum(pm) from capacity_demand d join projects p on p.id = d.project_id where p.code = '${FI}' and d.series = 'EST'`).startsWith('2.5'),
      'the grid saved with "2,5" holds 2.5 PM');
    const shown = await page.locator('input.cell').first().inputValue();
    check(shown === '2,5' || shown === '2.5', `the cell shows ${shown} after saving`);
    await speaks(page, 'fi', 'capacity grid after saving');

    await open(page, `/projects/${id}/team`);
    await speaks(page, 'fi', 'team');
    await page.locator('#find').fill('Karin');
    await clickAndWait(page, page.locator('form:has(#find) button[type="submit"]'));
    const person = page.locator('select[name="person"]');
    const karin = (await person.locator('option').allInnerTexts()).find((o) => o.includes('Karin'));
    await person.selectOption({ label: karin });
    await page.locator('input[name="percent"][form="a-new"]').fill('50');
    await clickAndWait(page, page.locator('#a-new button[type="submit"]'));
    check(sql(`select count(*) from assignments a join projects p on p.id = a.project_id where p.code = '${FI}'`) === '1', 'Karin is assigned');
    await speaks(page, 'fi', 'team after assigning');

    await open(page, `/portfolio?from=${thisMonth}&months=3`);
    await speaks(page, 'fi', 'portfolio');
    const figures = await page.locator('td.num').allInnerTexts();
    check(figures.length > 0 && figures.every((f) => !/\d\.\d/.test(f)), `the portfolio writes decimals with a comma (${figures.slice(0, 6).join(' | ')})`);

    await signOut(page, 'Kirjaudu ulos');
    check(page.url().startsWith(`${base}/logout`), 'signed out');
    await speaks(page, 'fi', 'signed out');
  } catch (err) {
    await failureShot(page, 'finnish');
    throw err;
  } finally {
    await planner.context.close();
  }
});

// ---- 2. The viewer sees the same project, read-only ---------------------------------------------
await journey('viewer: the same project read-only; a forged POST is refused', async () => {
  const viewer = await newPerson(browser, 'viewer@test');
  const { page } = viewer;
  const id = state.projectId;
  try {
    await signIn(viewer, { keyboard: true });
    await open(page, '/projects');
    check((await mainText(page)).includes(CODE), `the viewer's project list shows ${CODE}`);
    for (const tab of ['', '/work-packages', '/tasks', '/capacity?series=EST', '/team']) {
      await open(page, `/projects/${id}${tab}`);
      const text = await mainText(page);
      check(text.includes(CODE), `${tab || 'overview'}: shows ${CODE}`);
      const controls = await editControls(page);
      check(controls.length === 0, `${tab || 'overview'}: no edit controls${controls.length ? ` (found ${controls.slice(0, 5).join(', ')})` : ''}`);
    }
    await open(page, `/projects/${id}/tasks`);
    check((await page.locator('input[value="Project management"]').count()) === 1, 'the viewer sees the task the editor added');
    const tasksBefore = sql(`select count(*) from tasks t join projects p on p.id = t.project_id where p.code = '${CODE}'`);
    const nameBefore = sql(`select name from projects where code = '${CODE}'`);
    // A valid-looking form, with the viewer's own CSRF token, submitted by the browser itself.
    const forge = async (action, fields) => {
      expectStatus(page, 403);
      const [response] = await Promise.all([
        page.waitForNavigation(),
        page.evaluate(({ action, fields }) => {
          const form = document.createElement('form');
          form.method = 'post';
          form.action = action;
          const token = document.querySelector('input[name="csrf_token"]').value;
          for (const [name, value] of Object.entries({ csrf_token: token, ...fields })) {
            const input = document.createElement('input');
            input.type = 'hidden';
            input.name = name;
            input.value = value;
            form.append(input);
          }
          document.body.append(form);
          form.submit();
        }, { action, fields }),
      ]);
      expectStatus(page, null);
      return response;
    };
    let response = await forge(`/projects/${id}/tasks`, { number: '1.9', name: 'Forged task', begin: '1', end: '2' });
    check(response.status() === 403, `a forged "add task" POST is refused: HTTP ${response.status()}`);
    check(/permission|read.only|not allowed|may not|cannot|can't|forbidden/i.test(await page.locator('body').innerText()), 'the 403 page says why');
    await open(page, '/');
    response = await forge(`/projects/${id}`, { version: '0', code: CODE, name: 'Forged name', start: thisMonth, duration: '12' });
    check(response.status() === 403, `a forged project edit is refused: HTTP ${response.status()}`);
    check(sql(`select count(*) from tasks t join projects p on p.id = t.project_id where p.code = '${CODE}'`) === tasksBefore, 'no task was added');
    check(sql(`select name from projects where code = '${CODE}'`) === nameBefore, 'the project name is unchanged');
  } catch (err) {
    await failureShot(page, 'viewer');
    throw err;
  } finally {
    await viewer.context.close();
  }
});

// ---- 3. The admin edits an organisation and finds it in the audit log; makes share links --------
await journey('admin: edit an organisation, find it in the audit log, share views', async () => {
  const admin = await newPerson(browser, 'admin@test');
  const { page } = admin;
  try {
    await signIn(admin);
    await open(page, '/organisations');
    const row = page.locator('tr').filter({ hasText: 'NORDLAB-BIO' });
    await clickAndWait(page, row.getByRole('link', { name: 'Edit' }));
    await page.getByLabel('Name', { exact: true }).fill('Nordlab Biology (renamed by e2e)');
    await Promise.all([page.waitForNavigation(), page.getByLabel('Name', { exact: true }).press('Enter')]);
    check((await mainText(page)).includes('Nordlab Biology (renamed by e2e)'), 'the organisation list shows the new name');
    await open(page, '/audit');
    const audit = await mainText(page);
    check(audit.includes('Nordlab Biology (renamed by e2e)') || audit.includes('NORDLAB-BIO'), 'the audit log shows the organisation edit');
    const first = await page.locator('main table tbody tr').first().innerText();
    check(/organisation/i.test(first) && /update|edit|change/i.test(first) && first.includes('admin@test'),
      `its newest entry is the organisation update by admin@test (${first.replace(/\s+/g, ' ').slice(0, 160)})`);

    // Share links: the capacity grid of the editor's NORDLAB project and the people list.
    for (const [key, target] of [['shareProject', `/projects/${state.projectId}/capacity?series=EST`], ['shareList', '/people']]) {
      await open(page, target);
      await clickAndWait(page, page.getByRole('button', { name: 'Share this view' }));
      state[key] = new URL(await page.locator('#share-url').inputValue()).pathname;
      check(/^\/s\/[\w-]+$/.test(state[key]), `a share link ${state[key]} opens ${target}`);
    }
  } catch (err) {
    await failureShot(page, 'admin');
    throw err;
  } finally {
    await admin.context.close();
  }
});

// ---- 4. orguser@test (visibility org, EXAMPLE) sees only what concerns EXAMPLE ------------------
await journey('orguser: only EXAMPLE projects and people; share links respect that', async () => {
  const orguser = await newPerson(browser, 'orguser@test');
  const { page } = orguser;
  try {
    await signIn(orguser);
    await open(page, '/projects');
    const list = await mainText(page);
    check(list.includes('EXAMPLE-P'), 'the project list shows EXAMPLE-P (POO EXAMPLE)');
    check(!list.includes(CODE), `and not ${CODE} (POO NORDLAB-AI, no EXAMPLE partner)`);
    const inside = sql(`select string_agg(p.first_name || ' ' || p.last_name, '|') from persons p join organisations o on o.id = p.organisation_id
      left join organisations r on r.id = o.parent_id where coalesce(r.short_name, o.short_name) = 'EXAMPLE'`).split('|');
    const outside = sql(`select string_agg(p.first_name || ' ' || p.last_name, '|') from persons p join organisations o on o.id = p.organisation_id
      left join organisations r on r.id = o.parent_id where coalesce(r.short_name, o.short_name) <> 'EXAMPLE'`).split('|');
    await open(page, '/people');
    const people = await mainText(page);
    const missing = inside.filter((n) => !people.includes(n));
    const leaked = outside.filter((n) => people.includes(n));
    check(missing.length === 0, `the people list shows all ${inside.length} EXAMPLE persons${missing.length ? ` (missing ${missing.join(', ')})` : ''}`);
    check(leaked.length === 0, `and none of the ${outside.length} others${leaked.length ? ` (shows ${leaked.join(', ')})` : ''}`);
    await open(page, `/projects/${state.projectId}`, 404);

    // The admin's links, opened by orguser: the list is orguser's own, the hidden project is not found.
    await open(page, state.shareList);
    check(new URL(page.url()).pathname === '/people', `${state.shareList} opens the people list`);
    const shared = await mainText(page);
    check(inside.every((n) => shared.includes(n)) && !outside.some((n) => shared.includes(n)),
      'through the link, too, only the EXAMPLE persons');
    await open(page, state.shareProject, 404);
    check(!(await page.locator('body').innerText()).includes(CODE), `${state.shareProject} (the ${CODE} capacity grid) shows nothing of it`);
  } catch (err) {
    await failureShot(page, 'orguser');
    throw err;
  } finally {
    await orguser.context.close();
  }
});

// ---- 5. Signed in without any rediflow group --------------------------------------------------
await journey('nogroups: the no-access page', async () => {
  const nobody = await newPerson(browser, 'nogroups@test');
  const { page } = nobody;
  try {
    expectStatus(page, 403);
    await signIn(nobody);
    const response = await page.reload();
    expectStatus(page, null);
    check(response.status() === 403, `/ answers ${response.status()} (403) after sign-in`);
    const text = await page.locator('main').innerText();
    check(/no access/i.test(text) && text.includes('rediflow-viewers'), 'the page says "no access" and which groups to ask for');
    const body = await page.locator('body').innerText();
    check(!body.includes('Sign-in is not configured') && (await page.locator('a[href="/users"]').count()) === 0,
      'and neither the no-auth banner nor the administrators\' Users link');
    await open(page, '/projects', 403);
    check(!(await page.locator('body').innerText()).includes('EXAMPLE-P'), 'no project data is shown');
    state.noAccessShots = [];
    for (const [label, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
      await page.setViewportSize(viewport);
      await open(page, '/', 403);
      state.noAccessShots.push(await screenshot(page, `no-access.${label}`));
    }
    await axe(page, 'no-access');
  } catch (err) {
    await failureShot(page, 'nogroups');
    throw err;
  } finally {
    await nobody.context.close();
  }
});

// ---- 5b. A director asks a what-if question without touching the live plan -----------------------
// "If we win proposal X and project Y starts three months late, who is over-allocated next year?"
// The director records the scenario through its pages, compares it with the live plan (which
// stays untouched), and applies the answer in one click.
const nextYear = `${now.getFullYear() + 1}-01`;
const PROPOSAL = 'E2E-PROPOSAL';
await journey('director: wins a proposal and delays a project in a scenario, compares, reads who is over-allocated next year, applies it', async () => {
  const director = await newPerson(browser, 'admin@test');
  const { page } = director;
  try {
    await signIn(director);
    // Proposal X: a project in the proposal state, one year from next January (owned by the
    // organisation of project Y); Y: the editor's project, with Karin at 50 %.
    sql(`insert into projects (code, name, owner_org_id, start_month, duration_months, lifecycle_state_id)
         select '${PROPOSAL}', 'Proposal X (e2e)', owner_org_id, date '${nextYear}-01', 12,
                (select id from lifecycle_states where code = 'proposal')
         from projects where code = '${CODE}'`);
    const karin = sql(`select a.person_id from assignments a join projects p on p.id = a.project_id where p.code = '${CODE}' limit 1`);
    const liveBefore = sql(`select string_agg(p.start_month::text || '/' || a.start_month::text, ',' order by a.id)
                            from assignments a join projects p on p.id = a.project_id where p.code = '${CODE}'`);
    const yStart = sql(`select to_char(start_month, 'YYYY-MM') from projects where code = '${CODE}'`);
    const proposalId = sql(`select id from projects where code = '${PROPOSAL}'`);
    const yId = sql(`select id from projects where code = '${CODE}'`);
    const fixed = sql("select id from allocation_groups where code = 'fixed'");
    state.karin = karin;

    // A new scenario.
    await open(page, '/scenarios');
    await page.locator('#name').fill('Win X, Y three months late');
    await page.locator('#description').fill('e2e');
    await clickAndWait(page, page.locator('form[action="/scenarios"] button[type="submit"]'));
    const scenario = new URL(page.url()).pathname.split('/')[2] || '';
    check(/^[0-9a-f-]{36}$/.test(scenario), `the new scenario opens (${page.url()})`);
    // X is won, and Karin works on it at 80 % from next January to June, confirmed.
    await open(page, `/scenarios/${scenario}/changes/new?project=${proposalId}&find=Karin`);
    await page.locator('input[name="outcome"][value="won"]').check();
    await clickAndWait(page, page.locator('form:has(input[name="kind"][value="outcome"]) button[type="submit"]'));
    await open(page, `/scenarios/${scenario}/changes/new?project=${proposalId}&find=Karin`);
    const add = page.locator('form:has(input[name="kind"][value="add_assignment"])');
    await add.locator('select[name="person"]').selectOption(karin);
    await add.locator('input[name="percent"]').fill('80');
    await add.locator('select[name="group"]').selectOption(fixed);
    await add.locator('input[name="start"]').fill(nextYear);
    await add.locator('input[name="end"]').fill(`${now.getFullYear() + 1}-06`);
    await add.locator('select[name="status"]').selectOption('confirmed');
    await clickAndWait(page, add.locator('button[type="submit"]'));
    // Y starts three months late.
    await open(page, `/scenarios/${scenario}/changes/new?project=${yId}`);
    const shift = page.locator('form:has(input[name="kind"][value="shift"])');
    await shift.locator('input[name="months"]').fill('3');
    await clickAndWait(page, shift.locator('button[type="submit"]'));
    check(sql(`select string_agg(kind, ',' order by position) from scenario_changes where scenario_id = '${scenario}'`) === 'outcome,add_assignment,shift',
      'the scenario holds the three changes, recorded through its pages');

    await open(page, `/scenarios/${scenario}/compare?from=${nextYear}&months=12`);
    const changes = await page.locator('ul.scenario-changes').innerText();
    check(changes.includes(`${PROPOSAL}: Won`) && changes.includes(`${CODE}: Starts 3 months later`),
      `the compare view names the scenario's changes (${changes.replace(/\n/g, ' / ')})`);
    // Who is over-allocated next year with the scenario: Karin (Y's 50 % moved into X's 80 %).
    const over = page.locator('#over-in-scenario tbody tr');
    const names = await over.locator('th').allInnerTexts();
    check(names.some((n) => n.includes('Karin')), `next year, in the scenario, over-allocated: ${names.join(', ')}`);
    const heat = await page.locator('#compare-heatmap').innerText();
    check(/[▲▼]/.test(heat), 'the heatmap marks the differences with a sign and an arrow');
    await axe(page, 'director: compare');
    // In the first quarter she is within capacity live and over in the scenario: she becomes
    // over-allocated.
    await open(page, `/scenarios/${scenario}/compare?from=${nextYear}&months=3`);
    const becoming = await page.locator('#band-changes tbody tr').filter({ hasText: 'Karin' }).allInnerTexts();
    check(becoming.length === 1 && becoming[0].includes('within capacity') && becoming[0].includes('over-allocated'),
      `the first quarter: Karin becomes over-allocated (${becoming.join(' / ').replace(/\s+/g, ' ')})`);
    await open(page, `/scenarios/${scenario}/compare?from=${nextYear}&months=12`);
    // Karin beside the scenario: in March Y's 50 % (three months later) meets X's 80 %.
    await clickAndWait(page, page.locator('#over-in-scenario tbody tr').filter({ hasText: 'Karin' }).first().locator('th a').first());
    check(new URL(page.url()).pathname === `/scenarios/${scenario}/people/${karin}`, `Karin's months beside the scenario open (${new URL(page.url()).pathname})`);
    const march = await page.locator('#person-months tbody tr').nth(2).innerText();
    check(march.includes('over-allocated') && /\b1[3-9]\d %/.test(march), `March: over-allocated in the scenario (${march.replace(/\s+/g, ' ')})`);
    const assignments = await page.locator('#person-assignments').innerText();
    check(assignments.includes(PROPOSAL) && assignments.includes('added'), 'the new assignment on the proposal is listed as added');
    await axe(page, 'director: person beside the scenario');
    // The live plan is untouched: the proposal is still a proposal, Y's plan where it was.
    check(sql(`select s.code from projects p join lifecycle_states s on s.id = p.lifecycle_state_id where p.code = '${PROPOSAL}'`) === 'proposal',
      'the proposal is still a proposal in the live plan');
    check(sql(`select string_agg(p.start_month::text || '/' || a.start_month::text, ',' order by a.id)
               from assignments a join projects p on p.id = a.project_id where p.code = '${CODE}'`) === liveBefore,
      `${CODE} and its assignments start where they did`);
    check(sql(`select count(*) from assignments a join projects p on p.id = a.project_id where p.code = '${PROPOSAL}'`) === '0',
      'nobody is assigned to the proposal in the live plan');

    // The answer, applied in one click: the live plan now holds it, and the scenario is gone.
    await open(page, `/scenarios/${scenario}`);
    await clickAndWait(page, page.locator(`form[action="/scenarios/${scenario}/apply"] button[type="submit"]`));
    check(new URL(page.url()).pathname === '/scenarios', `applied, the list of scenarios opens (${page.url()})`);
    const notice = await page.locator('.banner-ok').innerText();
    check(notice.includes('3') && notice.includes('2'), `the notice says 3 changes to 2 projects (${notice})`);
    check(sql(`select s.code from projects p join lifecycle_states s on s.id = p.lifecycle_state_id where p.code = '${PROPOSAL}'`) === 'running',
      'the proposal is won: running in the live plan');
    check(sql(`select to_char(start_month - interval '3 months', 'YYYY-MM') from projects where code = '${CODE}'`) === yStart,
      `${CODE} starts three months later in the live plan`);
    check(sql(`select count(*) from assignments a join projects p on p.id = a.project_id where p.code = '${PROPOSAL}' and a.person_id = '${karin}' and not a.tentative`) === '1',
      'Karin is assigned to the won project, confirmed');
    check(sql(`select count(*) from scenarios where id = '${scenario}'`) === '0', 'the applied scenario is gone');

    // A scenario for the screenshots of the scenario views (recorded in SQL: the pages above
    // recorded and applied the director's): Y three more months late, Karin at 60 % on X.
    const shots = sql(`insert into scenarios (owner_user_id, name, description)
         select id, 'Y later still', 'e2e' from users where username = 'admin@test' returning id`).split('\n')[0];
    const record = (code, change) => sql(`insert into scenario_changes (scenario_id, project_id, kind, change, base_version)
         select '${shots}', id, '${change.kind}', '${JSON.stringify(change)}'::jsonb, version from projects where code = '${code}'`);
    record(CODE, { kind: 'shift', months: 3 });
    record(PROPOSAL, {
      kind: 'add_assignment', person: karin, role: null, percent: 6000, group: fixed,
      start: `${nextYear}-01`, end: `${now.getFullYear() + 1}-06-01`, tentative: false,
    });
    state.scenarioId = shots;
  } catch (err) {
    await failureShot(page, 'director');
    throw err;
  } finally {
    await director.context.close();
  }
});

// ---- 6. The admin visits every view: screenshots, axe-core, keyboard-only main form -----------
// [name, path, what it shows, the main form (a selector; default: the first form of the page
// with fields other than "Share this view"), or false when the page has no form].
const id = (query) => sql(query);
const P = id("select id from projects where code = 'EXAMPLE-P'");
const person = id("select id from persons where code = 'juha.makinen'");
const org = id("select id from organisations where short_name = 'NORDLAB-BIO'");
const views = [
  ['home', '/', 'Start page: the user\'s own allocations (the admin is linked to the person admin@test)'],
  ['my-allocations', '/my-allocations', 'My allocations'],
  ['projects-list', '/projects', 'Projects: filters, PM totals per series, downloads'],
  ['project-new', '/projects/new', 'New project form'],
  ['projects-pipeline', '/projects/pipeline', 'Pipeline: projects in lifecycle states of the sales pipeline'],
  ['project-overview', `/projects/${P}`, 'A project\'s overview with its actions and the data-quality panel'],
  ['project-edit', `/projects/${P}/edit`, 'Editing a project'],
  ['project-work-packages', `/projects/${P}/work-packages`, 'Work packages, editable in place', '#f-new'],
  ['project-tasks', `/projects/${P}/tasks`, 'Tasks, editable in place', '#f-new'],
  ['project-milestones', `/projects/${P}/milestones`, 'Milestones', '#f-new'],
  ['project-deliverables', `/projects/${P}/deliverables`, 'Deliverables', '#f-new'],
  ['project-capacity-est', `/projects/${P}/capacity?series=EST`, 'Capacity demand, EST in PM: chart, grid with totals; past months read-only', `form[method="post"][action="/projects/${P}/capacity"]`],
  ['project-capacity-hours', `/projects/${P}/capacity?series=EST&unit=hours`, 'The same grid in hours (read-only)'],
  ['project-team', `/projects/${P}/team`, 'Team: allocation grid, allocation vs EST demand per organisation, assignments', `form[method="post"][action="/projects/${P}/team/allocation"]`],
  ['project-role-demand', `/projects/${P}/role-demand`, 'Role demand (planned FTE % per role and month)'],
  ['project-history', `/projects/${P}/history`, 'A project\'s change history'],
  ['capacity-request-new', `/projects/${P}/capacity-requests/new`, 'Asking another organisation for capacity'],
  ['capacity-requests', '/capacity-requests', 'Capacity requests received and sent'],
  ['portfolio', '/portfolio', 'Portfolio: organisations × months heatmap, chart, over- and under-allocated people'],
  ['quality', '/quality', 'Data quality across projects'],
  ['audit', '/audit', 'Audit log'],
  ['import', '/import', 'Import of project and people workbooks'],
  ['organisations', '/organisations', 'Organisations (hierarchy) and the new-organisation form', 'form[method="post"][action="/organisations"]'],
  ['organisation-edit', `/organisations/${org}/edit`, 'Editing an organisation'],
  ['settings', '/settings', 'Settings: lifecycle states, role types and other lookups'],
  ['people', '/people', 'People list'],
  ['person', `/people/${person}`, 'A person: capacity per month, assignments'],
  ['person-edit', `/people/${person}/edit`, 'Editing a person'],
  ['person-working-time', `/people/${person}/working-time`, 'A person\'s employee groups, FTE periods and leave'],
  ['person-delete', `/people/${person}/delete`, 'Confirming the deletion of a person'],
  ['people-new', '/people/new', 'New person form'],
  ['people-groups', '/people/groups', 'Employee groups and leave types'],
  ['account', '/account', 'The user\'s account and preferences'],
  ['users', '/users', 'Users, their roles and visibility'],
  ['share', '/share', 'The user\'s share links'],
  ['share-stats', '/share/stats', 'Statistics of all share links'],
  ['help', '/help', 'Help'],
];
// The scenario views (issue 23) with the director's scenario; the list and one scenario's page
// are the scenario pages' (shown when they exist on this branch).
if (state.scenarioId) {
  const S = state.scenarioId;
  views.push(
    ['scenarios', '/scenarios', 'Scenarios: the what-ifs the user owns or that are shared with them'],
    ['scenario', `/scenarios/${S}`, 'One scenario: its changes, shares and actions'],
    ['scenario-compare', `/scenarios/${S}/compare?from=${nextYear}&months=12`, 'A scenario beside the live plan: its changes in words, the people who change band and who is over-allocated in it, the heatmap live → scenario with the signed difference'],
    ['scenario-person', `/scenarios/${S}/people/${state.karin}?from=${nextYear}&months=12`, 'A person beside a scenario: months and assignments live vs scenario'],
  );
}

// The main form of the page: the given selector, else the first form with a visible field.
async function mainForm(page, given) {
  if (given) return given;
  return page.evaluate(() => {
    const forms = [...document.querySelectorAll('main form')].filter((f) => !f.classList.contains('share-form'));
    const usable = (f) => [...f.elements].filter((el) => el.type !== 'hidden' && !el.disabled && el.getClientRects().length > 0);
    // A form with fields if there is one, else one with only a button (a confirmation).
    const form = forms.find((f) => usable(f).some((el) => el.tagName !== 'BUTTON')) || forms.find((f) => usable(f).length > 0);
    if (!form) return null;
    if (!form.id) form.id = 'e2e-main-form';
    return `#${form.id}`;
  });
}

const shotList = [];
await journey('admin: every view at desktop and phone width, axe-core, keyboard', async () => {
  const admin = await newPerson(browser, 'admin@test');
  const { page } = admin;
  try {
    await signIn(admin);
    // One capacity request, so that its own page is among the views: EXAMPLE-P asks a sister
    // organisation for 0.5 PM of its first task in the first month that may be asked for.
    await open(page, `/projects/${P}/capacity-requests/new`);
    await page.getByLabel('Organisation to ask').selectOption({ index: 1 });
    await page.getByLabel('Message').fill('Half a person-month of help, please (e2e).');
    await page.locator('input.cell').first().fill('0.5');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Send the request' }).click()]);
    const request = new URL(page.url()).pathname;
    check(/^\/capacity-requests\/[0-9a-f-]{36}$/.test(request) && (await mainText(page)).includes('0.5'),
      `the capacity request is sent and shown at ${request}`);
    views.splice(views.findIndex(([name]) => name === 'capacity-requests') + 1, 0,
      ['capacity-request', request, 'One capacity request: the PM asked per task and month, its state and the answer']);
    // The scenario pages are another branch's until merged: their views wait for them.
    for (const name of ['scenarios', 'scenario']) {
      const at = views.findIndex(([n]) => n === name);
      if (at >= 0 && (await page.request.get(base + views[at][1])).status() === 404) {
        console.log(`    note ${name}: ${views[at][1]} is not on this branch; no screenshot`);
        views.splice(at, 1);
      }
    }
    for (const [name, pathname, about, formSelector] of views) {
      await page.setViewportSize(DESKTOP);
      await open(page, pathname);
      check((await page.locator('main h1').count()) > 0, `${name}: has a heading (${(await page.locator('main h1').first().innerText().catch(() => '?')).slice(0, 60)})`);
      const desktop = await screenshot(page, `${name}.desktop`);
      await axe(page, name);
      const selector = await mainForm(page, formSelector);
      if (selector) await keyboardForm(page, selector, name);
      await page.setViewportSize(PHONE);
      await open(page, pathname);
      const phone = await screenshot(page, `${name}.phone`);
      await axe(page, `${name} (phone)`);
      shotList.push([name, pathname, about, desktop, phone, selector]);
    }
    // Signed out: the last page of the journey.
    await page.setViewportSize(DESKTOP);
    await open(page, '/');
    await signOut(page);
    check(page.url().startsWith(`${base}/logout`), 'the admin is signed out');
    await axe(page, 'signed-out');
    const desktop = await screenshot(page, 'signed-out.desktop');
    await page.setViewportSize(PHONE);
    await page.reload();
    shotList.push(['signed-out', '/logout', 'After signing out', desktop, await screenshot(page, 'signed-out.phone'), null]);
  } catch (err) {
    await failureShot(page, 'tour');
    throw err;
  } finally {
    await admin.context.close();
  }
});

// ---- 7. The main views in Finnish and Swedish: screenshots, the language, axe-core -------------
const MAIN_VIEWS = ['home', 'projects-list', 'project-overview', 'project-work-packages', 'project-capacity-est',
  'project-team', 'portfolio', 'people', 'person', 'settings', 'help'];
const localShots = [];
for (const [locale, lang] of [['fi-FI', 'fi'], ['sv-SE', 'sv']]) {
  await journey(`admin: the main views in ${lang}`, async () => {
    const admin = await newPerson(browser, 'admin@test', DESKTOP, locale);
    const { page } = admin;
    try {
      await signIn(admin);
      for (const name of MAIN_VIEWS) {
        const [, pathname, about] = views.find(([n]) => n === name);
        await open(page, pathname);
        await speaks(page, lang, name);
        localShots.push([name, pathname, about, lang, await screenshot(page, `${name}.${lang}.desktop`)]);
      }
    } catch (err) {
      await failureShot(page, `tour-${lang}`);
      throw err;
    } finally {
      await admin.context.close();
    }
  });
}

if (state.noAccessShots) shotList.push(['no-access', '/', 'Signed in without any rediflow group: no access yet (HTTP 403)', ...state.noAccessShots, null]);
const readme = `# Screenshots

Taken by \`make e2e\` (tests/e2e/journeys.mjs) in headless Chromium, signed in as \`admin@test\` through
the test OpenID provider, on the example portfolio plus what the journeys added (project ${CODE}).
Each view at desktop (1280×800) and phone (390×844) width; long pages are cut at three screens.
Every view listed here passed axe-core at both widths (no serious or critical violations) and,
where it has a form, keyboard-only navigation of its main form (column "keyboard").

| view | path | what it shows | keyboard | desktop | phone |
|---|---|---|---|---|---|
${shotList.map(([name, pathname, about, desktop, phone, form]) => `| ${name} | \`${pathname.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '{id}')}\` | ${about} | ${form ? 'yes' : '—'} | [${desktop}](${desktop}) | [${phone}](${phone}) |`).join('\n')}

## In Finnish and Swedish

The main views again, signed in as \`admin@test\` from a browser whose language is Finnish (fi-FI) or
Swedish (sv-SE), at desktop width. Each passed axe-core and showed no English word of the interface.

| view | path | Finnish | Swedish |
|---|---|---|---|
${MAIN_VIEWS.map((name) => {
    const [fi, sv] = ['fi', 'sv'].map((lang) => localShots.find(([n, , , l]) => n === name && l === lang));
    const link = (shot) => (shot ? `[${shot[4]}](${shot[4]})` : '—');
    return `| ${name} | \`${(fi || sv || [name, '?'])[1].replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '{id}')}\` | ${link(fi)} | ${link(sv)} |`;
  }).join('\n')}
`;
// Only a complete, passing tour describes the pictures.
if (problems.length === 0) fs.writeFileSync(`${process.env.E2E_SCREENSHOTS || '.'}/README.md`, readme);

console.log(`\n${problems.length === 0 ? 'all journeys passed' : `${problems.length} problem(s)`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
for (const p of problems) console.log(`  - ${p}`);
await browser.close();
process.exit(problems.length === 0 ? 0 : 1);
