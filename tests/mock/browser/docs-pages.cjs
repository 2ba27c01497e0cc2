// Drives the mock server's /docs (Swagger UI) and /redoc pages in headless Chromium and prints what it saw as
// JSON, for tests/mock/tst_browserdocs.cpp. Usage: node docs-pages.cjs BASE_URL [TRY_PATH TRY_PARAM TRY_VALUE]
// NODE_PATH must hold playwright-core; CHROMIUM the browser binary (Debian's chromium; never a download).
'use strict';
const { chromium } = require('playwright-core');

async function main() {
    const [base, tryPath, tryParam, tryValue] = process.argv.slice(2);
    const browser = await chromium.launch({
        executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
               '--disable-sync', '--no-first-run'],
    });
    const out = { consoleErrors: [] };
    try {
        const page = await browser.newPage();
        page.on('pageerror', (e) => out.consoleErrors.push(String(e)));
        page.setDefaultTimeout(20000);

        await page.goto(base + '/docs');
        await page.waitForSelector('.opblock');
        out.title = await page.textContent('.info .title');
        out.operations = await page.$$eval('.opblock', (blocks) => blocks.map((b) => ({
            method: b.querySelector('.opblock-summary-method').textContent.trim().toLowerCase(),
            path: b.querySelector('.opblock-summary-path').getAttribute('data-path'),
        })));

        if (tryPath) {
            // Expand the GET operation, press "Try it out", fill the parameter, "Execute", read the live response.
            const block = page.locator('.opblock-get', { has: page.locator(`.opblock-summary-path[data-path="${tryPath}"]`) });
            await block.locator('.opblock-summary').first().click();
            // The page turns "Try it out" on by default (tryItOutEnabled), as FastAPI's does; press it otherwise.
            const tryOut = block.locator('.try-out__btn');
            await tryOut.waitFor();
            if (!(await tryOut.getAttribute('class')).includes('cancel'))
                await tryOut.click();
            await block.locator(`tr[data-param-name="${tryParam}"] input`).fill(tryValue);
            await block.locator('.execute').click();
            const status = block.locator('.live-responses-table .response .response-col_status');
            await status.waitFor();
            out.tryIt = {
                status: Number((await status.textContent()).trim()),
                requestUrl: (await block.locator('.request-url pre').textContent()).trim(),
                body: (await block.locator('.live-responses-table .response-col_description pre').first().textContent()).trim(),
            };
        }

        await page.goto(base + '/redoc');
        await page.waitForSelector('[data-section-id^="operation/"]');
        out.redocOperations = await page.$$eval('[data-section-id^="operation/"]',
            (sections) => sections.map((s) => s.getAttribute('data-section-id').slice('operation/'.length)));
    } finally {
        await browser.close();
    }
    process.stdout.write(JSON.stringify(out));
}

main().catch((e) => {
    process.stderr.write(String(e && e.stack || e) + '\n');
    process.exit(1);
});
