// Contracts and areas in the pages, in Debian's Chromium against the real server on the Tonghai
// demo (云南省 › 玉溪市 › 通海县, its partner contracted there): the setup page adds a contract
// through its form and lists it with the county's name and code; an overlapping one is refused
// (409) with the message beside the first month; a bureau account's form offers the areas; the
// reports page with ?area= sends areaId with the report and its downloads, and shows the subsidy
// by county and contract.
import { describe, expect, it } from 'vitest';
import { browserSuite, pageReady } from '../helpers/browser.js';

const b = browserSuite();

interface Area {
  id: number;
  code: string;
  name: string;
}

describe('contracts and areas', () => {
  it('adds a contract, refuses an overlapping one beside its field, and reports by area', async () => {
    const admin = b.api('admin');
    // A second county beside Tonghai, in the same prefecture (5304), for the new contract.
    const huaning = await admin<Area>('POST', '/api/areas', { code: '530424', name: '华宁县' });
    const tonghai = (await admin<{ items: Area[] }>('GET', '/api/areas?level=county&q=530423')).items[0]!;
    expect(tonghai.name).toBe('通海县');

    await b.signIn('admin', '/setup');
    const p = b.page;
    await p.waitForSelector('#contracts:not([hidden]) #contracts-table tbody tr[data-id]');
    // The demo's contract: Tonghai, open-ended.
    expect(await p.textContent(`#contracts-table tr[data-county="${tonghai.id}"] td.county`)).toBe('通海县（530423）');
    expect(await p.textContent(`#contracts-table tr[data-county="${tonghai.id}"] td.to`)).toBe('长期');

    // Add one for Huaning: the demo's one partner is chosen already.
    await p.selectOption('#contract-county', String(huaning.id));
    await p.fill('#contract-from', '2026-01');
    await p.click('#contract-form button[type=submit]');
    const row = `#contracts-table tr[data-county="${huaning.id}"]`;
    await p.waitForSelector(row);
    expect(await p.textContent(`${row} td.county`)).toBe('华宁县（530424）');
    expect(await p.textContent(`${row} td.from`)).toBe('2026年1月');
    expect(await p.textContent(`${row} td.to`)).toBe('长期');
    expect(await p.textContent('#contract-form .form-status')).toContain('华宁县');

    // The same partner and county again, overlapping: the server's 409, beside the first month.
    await p.selectOption('#contract-county', String(huaning.id));
    await p.fill('#contract-from', '2026-06');
    await p.fill('#contract-to', '2026-12');
    await p.click('#contract-form button[type=submit]');
    const error = '#contract-form .field[data-path=from] .field-error';
    await p.waitForSelector(error);
    expect(await p.textContent(error)).toBe('这家公司在这个县已有时间重叠的合同。');
    expect(await p.getAttribute('#contract-from', 'aria-invalid')).toBe('true');
    expect(await p.$$eval(row, (rows) => rows.length)).toBe(1);

    // A bureau account may have an area: the field shows for that role only, with the areas.
    expect(await p.isVisible('#user-area-field')).toBe(false);
    await p.selectOption('#user-role', 'bureau');
    await p.waitForSelector(`#user-area option[value="${tonghai.id}"]`, { state: 'attached' });
    expect(await p.isVisible('#user-area-field')).toBe(true);

    // The reports page of Tonghai: every report request and the downloads carry areaId.
    const asked: string[] = [];
    p.on('request', (r) => {
      if (r.url().includes('/api/reports/')) asked.push(r.url());
    });
    await p.goto(`${b.url}/reports?view=subsidy&area=${tonghai.id}`);
    await pageReady(p);
    await p.waitForSelector('#subsidy-by-contract');
    expect(asked.length).toBeGreaterThan(0);
    for (const url of asked) expect(new URL(url).searchParams.get('areaId'), url).toBe(String(tonghai.id));
    expect(await p.getAttribute('#download-csv', 'href')).toContain(`areaId=${tonghai.id}`);
    expect(await p.getAttribute('#download-xlsx', 'href')).toContain(`areaId=${tonghai.id}`);
    expect(await p.inputValue('#area')).toBe(String(tonghai.id));
    expect(await p.textContent('#report-title')).toContain('通海县');
    // By county and contract: the table's rows are the API's.
    const api = await admin<{ contracts: { contractId: number | null; countyId: number | null }[] }>('GET', `/api/reports/subsidy?areaId=${tonghai.id}`);
    const rows = await p.$$eval('#subsidy-by-contract tbody tr', (trs) => trs.map((tr) => ({ county: tr.getAttribute('data-county'), contract: tr.getAttribute('data-contract') })));
    expect(rows).toEqual(api.contracts.map((c) => ({ county: String(c.countyId ?? ''), contract: String(c.contractId ?? '') })));

    // Back to the whole deployment: no area in the URL nor in the next request.
    asked.length = 0;
    await p.selectOption('#area', '');
    await p.waitForFunction(() => !new URLSearchParams(location.search).has('area') && document.body.dataset.area === '');
    await pageReady(p);
    expect(asked.at(-1)).toBeDefined();
    expect(new URL(asked.at(-1)!).searchParams.has('areaId')).toBe(false);
  });
});
