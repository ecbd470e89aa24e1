#!/usr/bin/env node
// Renders DLP Guard's Teams cards as a person sees them and fails on what a person would trip on.
//
//   node render-cards.js --in DIR [--out DIR] [--docs DIR] [--budget BYTES] [--chromium PATH]
//   node render-cards.js --in known-bad --expect known-bad-expected.json   (self-test: every check must fire)
//
// DIR holds the webhook bodies exactly as TeamsCardRenderer sends them (one <kind>.json each,
// written by CardRenderToolTest). For every card:
//   - size: UTF-8 bytes of the body <= --budget (default 24576; Teams refuses > 28 KB);
//   - schema: the card validates against the OFFICIAL Adaptive Card schema of its declared
//     version (schema/, see SOURCE.md) with zero errors, and the declared version is the lowest
//     the card needs (each element's and property's "version" annotation in that schema);
//   - contrast: every TextBlock's colour on its container, from the Teams light and dark host
//     configs (adaptivecards-designer's), composited for alpha; WCAG 2 ratio >= 4.5;
//   - inert text: every TextBlock, put through markdown-it with linkify (an auto-linking client),
//     yields a plain paragraph: no link, image, emphasis, list, heading, code; no "{{";
//   - with Chromium (/usr/bin/chromium or --chromium): the real `adaptivecards` renderer draws the
//     card with each host config at 726 px and 360 px; parse warnings and validation failures
//     must be zero, no <a> may appear, and no element may be clipped or overflow (scrollWidth >
//     clientWidth, scrollHeight > clientHeight on text, text-overflow, boxes outside the card);
//     a PNG of each is written to --out (and, for the docs set, to --docs).
// Prints one line per card (bytes, lowest contrast light/dark) and exits 1 on any failure.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const crypto = require('crypto');
const Ajv = require('ajv');
const addFormats = require('ajv-formats');
const MarkdownIt = require('markdown-it');

const HERE = __dirname;
const SCHEMAS = {
    '1.1': {file: 'schema/adaptive-card-1.1.0.json', sha256: '0152413f93536b52ec7bd11341fc1d8bce4837e56594cc27ead1944c46f98374'},
    '1.2': {file: 'schema/adaptive-card-1.2.0.json', sha256: '2fde76137e271f898f91d3e8ca78a6b1525344504276fae3eeb4d674ff744b35'},
};
// The version just below each declared one: a card must be INVALID against it, which also catches
// what the per-property annotations cannot (enum values added later, e.g. Container.style "good" in 1.2).
const PREVIOUS = {'1.2': '1.1'};
// Teams-defined top-level card properties that the (strict) schema does not know. The schema's
// README recommends exactly this: an explicit allow-list of host extensions, nothing else.
const HOST_EXTENSIONS = ['msteams'];
const TEAMS_LIMIT = 28 * 1024;
const WIDTHS = [726, 360];
const THEMES = ['light', 'dark'];
const MIN_CONTRAST = 4.5;
// Cards whose purpose is hostile input may show a backslash where Markdown would otherwise act.
const BACKSLASH_ALLOWED = /^hostile/;

function args(argv) {
    const out = {budget: 24576, chromium: '/usr/bin/chromium'};
    for (let i = 2; i < argv.length; i += 2) {
        out[argv[i].replace(/^--/, '')] = argv[i + 1];
    }
    if (!out.in) {
        throw new Error('usage: node render-cards.js --in DIR [--out DIR] [--docs DIR] [--budget BYTES] [--chromium PATH]');
    }
    out.budget = Number(out.budget);
    return out;
}

function hostConfig(theme) {
    const file = require.resolve(`adaptivecards-designer/lib/hostConfigs/microsoft-teams-${theme}.json`);
    return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function loadSchema(version) {
    const entry = SCHEMAS[version];
    if (!entry) {
        throw new Error(`no official schema vendored for card version ${version} (have ${Object.keys(SCHEMAS).join(', ')})`);
    }
    const bytes = fs.readFileSync(path.join(HERE, entry.file));
    const sha = crypto.createHash('sha256').update(bytes).digest('hex');
    if (sha !== entry.sha256) {
        throw new Error(`${entry.file}: sha256 ${sha} is not the pinned ${entry.sha256}`);
    }
    return JSON.parse(bytes.toString('utf8'));
}

const validators = {};
// strict: for the declared version (nothing of its schema may be silently ignored). The lower
// version's schema is only asked to reject; 1.1's has a meaningless "additionalItems" that
// strict mode refuses, so it is compiled leniently.
function validatorFor(version, strict = true) {
    if (!validators[version]) {
        const schema = loadSchema(version);
        // The file says draft-06 but names itself with draft-04's "id"; Ajv 8 reads only "$id".
        // Same meaning, renamed in memory (the file on disk stays byte-for-byte official).
        const compiled = {...schema, $id: schema.id};
        delete compiled.id;
        // strictSchema: an unknown keyword is an error, so nothing of the schema is silently ignored.
        // strictTypes/Tuples/Required lint how a schema is written (the official one relies on
        // implied types), not whether a card is valid: off.
        const ajv = new Ajv({strictSchema: strict, strictTypes: false, strictTuples: false, strictRequired: false,
            allErrors: true, unicodeRegExp: false, logger: strict ? console : false});
        ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
        // Annotations of the Adaptive Card schema, not validation keywords: since when an element or
        // property exists, the feature ids of the site, and one misspelt "examples".
        ajv.addVocabulary(['version', 'features', 'example']);
        addFormats(ajv);
        validators[version] = {schema, validate: ajv.compile(compiled)};
    }
    return validators[version];
}

// ---- version: the highest "version" annotation of anything the card uses --------------------

function cmpVersion(a, b) {
    const pa = a.split('.').map(Number);
    const pb = b.split('.').map(Number);
    for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
        if ((pa[i] || 0) !== (pb[i] || 0)) {
            return (pa[i] || 0) - (pb[i] || 0);
        }
    }
    return 0;
}

function propertyVersion(schema, defName, key, seen = new Set()) {
    const def = schema.definitions[defName];
    if (!def || seen.has(defName)) {
        return undefined;
    }
    seen.add(defName);
    if (def.properties && def.properties[key] && def.properties[key].version) {
        return def.properties[key].version;
    }
    for (const part of def.allOf || []) {
        if (part.$ref) {
            const v = propertyVersion(schema, part.$ref.replace('#/definitions/', ''), key, seen);
            if (v) {
                return v;
            }
        }
    }
    return undefined;
}

function neededVersion(schema, card) {
    let max = '1.0';
    const because = [];
    const note = (v, what) => {
        if (!v) {
            return;
        }
        if (cmpVersion(v, max) > 0) {
            max = v;
            because.length = 0;
        }
        if (cmpVersion(v, max) === 0) {
            because.push(what);
        }
    };
    const walk = (node, defName) => {
        if (Array.isArray(node)) {
            node.forEach((n) => walk(n, undefined));
            return;
        }
        if (!node || typeof node !== 'object') {
            return;
        }
        const name = defName || node.type;
        const def = schema.definitions[name];
        if (!def) {
            return;
        }
        note(def.version, name);
        for (const key of Object.keys(node)) {
            note(propertyVersion(schema, name, key), `${name}.${key}`);
            if (key === 'body' || key === 'items' || key === 'actions') {
                walk(node[key], undefined);
            }
        }
    };
    walk(card, 'AdaptiveCard');
    return {version: max, because};
}

// ---- contrast (WCAG 2) from the host config -------------------------------------------------

function parseColor(hex) {
    const h = hex.replace('#', '');
    if (h.length === 8) { // adaptivecards: #AARRGGBB
        return {a: parseInt(h.slice(0, 2), 16) / 255, r: parseInt(h.slice(2, 4), 16), g: parseInt(h.slice(4, 6), 16), b: parseInt(h.slice(6, 8), 16)};
    }
    return {a: 1, r: parseInt(h.slice(0, 2), 16), g: parseInt(h.slice(2, 4), 16), b: parseInt(h.slice(4, 6), 16)};
}

function over(fg, bg) {
    return {a: 1, r: fg.r * fg.a + bg.r * (1 - fg.a), g: fg.g * fg.a + bg.g * (1 - fg.a), b: fg.b * fg.a + bg.b * (1 - fg.a)};
}

function luminance(c) {
    const ch = (v) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * ch(c.r) + 0.7152 * ch(c.g) + 0.0722 * ch(c.b);
}

function contrast(a, b) {
    const la = luminance(a);
    const lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

// The card sits on the default container's background; a styled container paints its own over it.
function textContrasts(card, hc) {
    const results = [];
    const styles = hc.containerStyles;
    const root = over(parseColor(styles.default.backgroundColor), {a: 1, r: 255, g: 255, b: 255});
    const walk = (elements, style, bg) => {
        for (const e of elements || []) {
            if (e.type === 'Container') {
                const s = e.style && e.style !== 'default' ? e.style.toLowerCase() : style;
                const inner = s === style ? bg : over(parseColor(styles[s].backgroundColor), bg);
                walk(e.items, s, inner);
            } else if (e.type === 'TextBlock') {
                const colorName = (e.color || 'default').toLowerCase();
                const fg = parseColor(styles[style].foregroundColors[colorName][e.isSubtle ? 'subtle' : 'default']);
                results.push({text: e.text, style, color: colorName, subtle: !!e.isSubtle, ratio: contrast(over(fg, bg), bg)});
            }
        }
    };
    walk(card.body, 'default', root);
    return results;
}

// ---- inert text ------------------------------------------------------------------------------

const md = new MarkdownIt({linkify: true});
function markdownProblems(text) {
    const html = md.render(text).trim();
    const problems = [];
    const inner = html.replace(/^<p>/, '').replace(/<\/p>$/, '');
    if (!/^<p>/.test(html) || /<[a-z]/i.test(inner)) {
        problems.push(`Markdown acts on it: ${html.slice(0, 200)}`);
    }
    if (md.linkify.test(text)) {
        problems.push(`an auto-linker finds a link in: ${text.slice(0, 120)}`);
    }
    if (text.includes('{{')) {
        problems.push(`a "{{" survives (date/time function): ${text.slice(0, 120)}`);
    }
    return problems;
}

function textBlocks(elements, out = []) {
    for (const e of elements || []) {
        if (e.type === 'TextBlock') {
            out.push(e.text);
        }
        if (e.items) {
            textBlocks(e.items, out);
        }
    }
    return out;
}

// ---- the real renderer in Chromium ------------------------------------------------------------

const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function openBrowser(executablePath) {
    const {chromium} = require('playwright-core');
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'cards-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
        executablePath, headless: true, args: CHROMIUM_FLAGS, viewport: {width: 726, height: 900}, deviceScaleFactor: 1,
    });
    const page = context.pages()[0] || await context.newPage();
    // Nothing leaves the machine: the page has no network.
    await page.route('**/*', (route) => route.abort());
    return {context, page, profile};
}

async function renderInPage(page, card, hc, width) {
    await page.setViewportSize({width, height: 900});
    const bg = hc.containerStyles.default.backgroundColor;
    await page.setContent(`<!doctype html><html><head><meta charset="utf-8"></head>
<body style="margin:0"><div id="host" style="width:${width}px"></div></body></html>`);
    await page.addScriptTag({path: require.resolve('markdown-it/dist/markdown-it.min.js')});
    await page.addScriptTag({path: require.resolve('adaptivecards/dist/adaptivecards.min.js')});
    await page.addStyleTag({path: require.resolve('adaptivecards/dist/adaptivecards.css')});
    return page.evaluate(({card, hc, bg}) => {
        const AC = window.AdaptiveCards;
        const mdit = window.markdownit({linkify: true}); // an auto-linking client: the worst case
        AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
            result.outputHtml = mdit.render(text);
            result.didProcess = true;
        };
        const ac = new AC.AdaptiveCard();
        ac.hostConfig = new AC.HostConfig(hc);
        const ctx = new AC.SerializationContext();
        ac.parse(card, ctx);
        const warnings = [];
        for (let i = 0; i < ctx.eventCount; i++) {
            const e = ctx.getEventAt(i);
            warnings.push(`parse: ${e.message}`);
        }
        const validation = ac.validateProperties();
        validation.validationEvents.forEach((e) => warnings.push(`validate: ${e.message}`));
        const el = ac.render();
        const host = document.getElementById('host');
        host.appendChild(el);
        host.style.background = '#' + bg.replace('#', '').slice(-6);
        const rootBox = el.getBoundingClientRect();
        const problems = [];
        const describe = (n) => `${n.className || n.tagName} "${(n.textContent || '').replace(/\s+/g, ' ').slice(0, 60)}"`;
        const reported = [];
        for (const n of el.querySelectorAll('*')) {
            // One report per problem: the outermost element that shows it, not each of its descendants.
            if (reported.some((r) => r.contains(n))) {
                continue;
            }
            const before = problems.length;
            const r = n.getBoundingClientRect();
            if (r.width === 0 && r.height === 0) {
                continue;
            }
            const cs = getComputedStyle(n);
            if (n.scrollWidth > n.clientWidth + 1 && n.clientWidth > 0) {
                problems.push(`overflows horizontally (scrollWidth ${n.scrollWidth} > clientWidth ${n.clientWidth}): ${describe(n)}`);
            }
            if (n.classList.contains('ac-textBlock') && n.scrollHeight > n.clientHeight + 1) {
                problems.push(`text cut vertically (scrollHeight ${n.scrollHeight} > ${n.clientHeight}): ${describe(n)}`);
            }
            if (cs.textOverflow === 'ellipsis' && n.scrollWidth > n.clientWidth) {
                problems.push(`text ends in an ellipsis: ${describe(n)}`);
            }
            if (r.right > rootBox.right + 0.5 || r.left < rootBox.left - 0.5) {
                problems.push(`outside the card (${Math.round(r.left)}..${Math.round(r.right)} vs ${Math.round(rootBox.left)}..${Math.round(rootBox.right)}): ${describe(n)}`);
            }
            if (problems.length > before) {
                reported.push(n);
            }
        }
        if (document.scrollingElement.scrollWidth > window.innerWidth) {
            problems.push(`the page scrolls sideways (${document.scrollingElement.scrollWidth} > ${window.innerWidth})`);
        }
        const links = [...el.querySelectorAll('a')].map((a) => `${a.textContent} -> ${a.getAttribute('href')}`);
        // Measured in the page too: each text block's computed colour on its painted background.
        const parse = (c) => {
            const m = c.match(/rgba?\(([^)]+)\)/);
            const p = m[1].split(',').map((x) => parseFloat(x));
            return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
        };
        const lum = (c) => {
            const ch = (v) => {
                const s = v / 255;
                return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
            };
            return 0.2126 * ch(c.r) + 0.7152 * ch(c.g) + 0.0722 * ch(c.b);
        };
        const blend = (f, b) => ({r: f.r * f.a + b.r * (1 - f.a), g: f.g * f.a + b.g * (1 - f.a), b: f.b * f.a + b.b * (1 - f.a), a: 1});
        const backgroundOf = (n) => {
            const layers = [];
            for (let p = n; p; p = p.parentElement) {
                const c = parse(getComputedStyle(p).backgroundColor);
                if (c.a > 0) {
                    layers.push(c);
                }
            }
            let b = {r: 255, g: 255, b: 255, a: 1};
            for (let i = layers.length - 1; i >= 0; i--) {
                b = blend(layers[i], b);
            }
            return b;
        };
        let minPageContrast = Infinity;
        for (const n of el.querySelectorAll('.ac-textBlock')) {
            const b = backgroundOf(n);
            const f = blend(parse(getComputedStyle(n).color), b);
            const la = lum(f);
            const lb = lum(b);
            minPageContrast = Math.min(minPageContrast, (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05));
        }
        return {warnings, problems, links, minPageContrast, height: Math.ceil(rootBox.height)};
    }, {card, hc, bg});
}

// ---- main ------------------------------------------------------------------------------------

async function main() {
    const opts = args(process.argv);
    const files = fs.readdirSync(opts.in).filter((f) => f.endsWith('.json')).sort();
    if (files.length === 0) {
        throw new Error(`no card JSON in ${opts.in}`);
    }
    const hcs = Object.fromEntries(THEMES.map((t) => [t, hostConfig(t)]));
    const haveChromium = fs.existsSync(opts.chromium);
    const failures = [];
    const rows = [];
    const browser = haveChromium ? await openBrowser(opts.chromium) : undefined;
    if (!haveChromium) {
        console.log(`cards: no Chromium at ${opts.chromium}: schema, size, contrast and Markdown checks only `
            + `(install Debian's chromium to render and screenshot)`);
    }
    try {
        for (const file of files) {
            const name = file.replace(/\.json$/, '');
            const fail = (msg) => failures.push(`${name}: ${msg}`);
            const raw = fs.readFileSync(path.join(opts.in, file));
            const bytes = raw.length;
            if (bytes > opts.budget) {
                fail(`${bytes} bytes, over the budget of ${opts.budget} (Teams refuses > ${TEAMS_LIMIT})`);
            }
            const envelope = JSON.parse(raw.toString('utf8'));
            const attachments = envelope.attachments || [];
            if (envelope.type !== 'message' || attachments.length !== 1
                || attachments[0].contentType !== 'application/vnd.microsoft.card.adaptive'
                || attachments[0].contentUrl !== null) {
                fail('not a Workflows message envelope with one Adaptive Card attachment');
                continue;
            }
            const card = attachments[0].content;

            const {schema, validate} = validatorFor(card.version);
            const strict = Object.fromEntries(Object.entries(card).filter(([k]) => !HOST_EXTENSIONS.includes(k)));
            if (!validate(strict)) {
                const errors = validate.errors.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'allOf');
                fail(`invalid against the official ${card.version} schema: `
                    + (errors.length ? errors : validate.errors).slice(0, 5).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`).join('; '));
            }
            const needed = neededVersion(schema, card);
            if (cmpVersion(needed.version, card.version) !== 0) {
                fail(`declares version ${card.version} but needs ${needed.version} (${needed.because.join(', ')})`);
            }
            let lower = '';
            if (PREVIOUS[card.version]) {
                const prev = validatorFor(PREVIOUS[card.version], false);
                if (prev.validate({...strict, version: PREVIOUS[card.version]})) {
                    fail(`valid as ${PREVIOUS[card.version]} too: declare the lower version`);
                } else {
                    // anyOf over element types reports every non-matching type too; name the real reason.
                    const errors = prev.validate.errors.filter((x) => !/\/type$/.test(x.instancePath) && x.keyword !== 'anyOf');
                    const e = errors.find((x) => x.keyword === 'enum') || errors[0] || prev.validate.errors[0];
                    const value = e.instancePath.split('/').slice(1).reduce((o, k) => (o == null ? o : o[k]), strict);
                    lower = `; ${PREVIOUS[card.version]} rejects ${e.instancePath || '/'}: ${JSON.stringify(value)}`;
                }
            }

            const texts = textBlocks(card.body);
            for (const t of texts) {
                markdownProblems(t).forEach(fail);
            }
            if (md.linkify.test(card.fallbackText) || card.fallbackText.includes('{{')) {
                fail(`fallbackText has a live link or a date function: ${card.fallbackText}`);
            }
            if (/\\/.test(card.fallbackText) && !BACKSLASH_ALLOWED.test(name)) {
                fail(`fallbackText is plain text, yet has a backslash: ${card.fallbackText}`);
            }
            const backslashes = texts.join('').split('\\').length - 1;
            if (backslashes > 0 && !BACKSLASH_ALLOWED.test(name)) {
                fail(`${backslashes} backslash(es) in the text: clients that ignore Markdown escapes show them`);
            }

            const figures = {};
            for (const theme of THEMES) {
                const contrasts = textContrasts(card, hcs[theme]);
                const worst = contrasts.reduce((a, b) => (b.ratio < a.ratio ? b : a));
                const onStatus = contrasts.filter((c) => c.style !== 'default').map((c) => c.ratio);
                figures[theme] = {lowest: worst.ratio, status: onStatus.length ? Math.min(...onStatus) : NaN};
                contrasts.filter((c) => c.ratio < MIN_CONTRAST).forEach((c) => fail(
                    `${theme}: contrast ${c.ratio.toFixed(2)}:1 < ${MIN_CONTRAST} (${c.color}${c.subtle ? ' subtle' : ''} on ${c.style}): ${c.text.slice(0, 60)}`));
            }

            let rendered = '';
            if (browser) {
                const heights = [];
                let pageLowest = Infinity;
                for (const theme of THEMES) {
                    for (const width of WIDTHS) {
                        const r = await renderInPage(browser.page, card, hcs[theme], width);
                        r.warnings.forEach((w) => fail(`${theme} ${width}px: renderer ${w}`));
                        r.problems.forEach((p) => fail(`${theme} ${width}px: ${p}`));
                        r.links.forEach((l) => fail(`${theme} ${width}px: the renderer made a link: ${l}`));
                        if (r.minPageContrast < MIN_CONTRAST) {
                            fail(`${theme} ${width}px: contrast measured in the page ${r.minPageContrast.toFixed(2)}:1`);
                        }
                        heights.push(`${theme[0]}${width}:${r.height}px`);
                        pageLowest = Math.min(pageLowest, r.minPageContrast);
                        const shot = `${name}-${theme}-${width}.png`;
                        const host = await browser.page.$('#host');
                        if (opts.out) {
                            fs.mkdirSync(opts.out, {recursive: true});
                            await host.screenshot({path: path.join(opts.out, shot)});
                        }
                        // The docs get every kind light at both widths and dark at desktop width; not
                        // the over-size card, whose screenshots are 5,000-10,000 px tall (its JSON is there).
                        if (opts.docs && (theme === 'light' || width === 726) && name !== 'oversize') {
                            fs.mkdirSync(opts.docs, {recursive: true});
                            await host.screenshot({path: path.join(opts.docs, shot)});
                        }
                    }
                }
                rendered = `  in page >= ${pageLowest.toFixed(2)}:1  heights ${heights.join(' ')}`;
            }
            const f = (x) => (Number.isNaN(x) ? '  -  ' : `${x.toFixed(2)}`);
            rows.push(`${name.padEnd(26)} ${String(bytes).padStart(6)}  light ${f(figures.light.lowest)} (status ${f(figures.light.status)})`
                + `  dark ${f(figures.dark.lowest)} (status ${f(figures.dark.status)})  v${card.version} (needs ${needed.version}: ${[...new Set(needed.because)].join(', ')}${lower})${rendered}`);
            if (opts.docs) {
                fs.mkdirSync(opts.docs, {recursive: true});
                fs.writeFileSync(path.join(opts.docs, file), JSON.stringify(envelope, null, 2) + '\n');
            }
        }
    } finally {
        if (browser) {
            await browser.context.close();
            fs.rmSync(browser.profile, {recursive: true, force: true});
        }
    }
    if (opts.expect) {
        // Self-test: each known-bad card must be caught with the problems it was made to show.
        const expected = JSON.parse(fs.readFileSync(opts.expect, 'utf8'));
        const missed = [];
        for (const [name, want] of Object.entries(expected)) {
            const got = failures.filter((f) => f.startsWith(`${name}: `));
            for (const text of [...want.always, ...(browser ? want.chromium : [])]) {
                if (!got.some((f) => f.includes(text))) {
                    missed.push(`${name}: expected a problem containing "${text}", got: ${got.join(' | ') || 'none'}`);
                }
            }
        }
        missed.forEach((m) => console.log(`  MISSED ${m}`));
        console.log(missed.length ? `cards self-test: ${missed.length} expected problem(s) not caught`
            : `cards self-test: every known-bad card caught (${failures.length} problems)${browser ? '' : ' (no Chromium: render checks not exercised)'}`);
        process.exit(missed.length ? 1 : 0);
    }
    console.log('Contrast: WCAG 2 ratio of every TextBlock on its container, from the Teams host configs (lowest; in');
    console.log('brackets the lowest on the coloured status header); "in page": measured on the rendered DOM.');
    console.log(`${'card'.padEnd(26)} ${'bytes'.padStart(6)}  contrast`);
    rows.forEach((r) => console.log(r));
    if (failures.length) {
        console.log(`\n${failures.length} problem(s):`);
        failures.forEach((f) => console.log(`  - ${f}`));
        console.log(`cards: ${new Set(failures.map((f) => f.split(':')[0])).size} of ${files.length} cards have problems`);
        process.exit(1);
    }
    console.log(`cards: all ${files.length} cards pass${browser ? '' : ' (not rendered: no Chromium)'}`);
}

main().catch((e) => {
    console.error(`cards: ${e.stack || e}`);
    process.exit(2);
});
