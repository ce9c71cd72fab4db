import { isRealCalendarDate, type ParsedStatement, STATEMENT_LIMITS, type StatementRow } from '@finailytics/shared';
import { parseAmountCents } from './statement-amount';
import { pacer } from './statement-pace';
import { statementError, tidyText } from './statement-text';

/*
 * OFX 1.x (SGML) and 2.x (XML), and QFX (OFX with Intuit's extra tags), read by one tokenizer. In
 * SGML an element holding a value needs no end tag (<TRNAMT>-12.50) while an aggregate always has
 * one (</STMTTRN>); in XML every element is closed. So: a start tag followed by text is a value
 * element (its end tag, if any, is skipped); a start tag followed by another tag opens an aggregate.
 * One pass over the text with indexOf, no regular expression over the body and no recursion: linear
 * time, and nesting is bounded by STATEMENT_LIMITS.maxDepth.
 */

export const OFX_MESSAGES = {
  noOfx: 'The file has no <OFX> element',
  unclosedTag: 'The file ends inside a tag',
  tooDeep: `The file nests elements more than ${STATEMENT_LIMITS.maxDepth} levels deep`,
  strayEndTag: (name: string) => `The file closes <${name}>, which is not open`,
  unclosed: (name: string) => `The file ends before </${name}>`,
  noStatement: 'The file holds no bank or credit-card statement',
  severalStatements: (count: number) => `The file holds ${count} account statements; export one account at a time`,
  tooMany: `The file has more than ${STATEMENT_LIMITS.maxTransactions.toLocaleString('en-US')} transactions`,
  badDate: (value: string) => `A transaction has a date this app cannot read (${value.slice(0, 30)})`,
  badAmount: (value: string) => `A transaction has an amount this app cannot read (${value.slice(0, 30)})`,
  missing: (field: string) => `A transaction has no ${field}`,
  tooManyElements: 'The file has far more elements than a statement of its transactions needs',
} as const;

/** Elements one file may hold: twenty per transaction at the transaction limit, a real statement uses ten. */
const MAX_ELEMENTS = STATEMENT_LIMITS.maxTransactions * 20;

interface OfxNode {
  name: string;
  value: string | null;
  children: OfxNode[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,6});/gi, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** The element tree under <OFX>; names upper-cased, values entity-decoded and trimmed. */
export async function parseOfxTree(text: string): Promise<OfxNode> {
  const start = text.search(/<OFX>/i);
  if (start < 0) throw statementError(OFX_MESSAGES.noOfx);
  const root: OfxNode = { name: '#root', value: null, children: [] };
  const stack: OfxNode[] = [root];
  let position = start;
  let elements = 0;
  const pace = pacer(5_000);
  while (position < text.length) {
    await pace();
    const open = text.indexOf('<', position);
    if (open < 0) break;
    const close = text.indexOf('>', open + 1);
    if (close < 0) throw statementError(OFX_MESSAGES.unclosedTag);
    const tag = text.slice(open + 1, close).trim();
    position = close + 1;
    if (tag.startsWith('?') || tag.startsWith('!')) {
      // A processing instruction or a comment: skip to its true end.
      if (tag.startsWith('!--')) {
        const end = text.indexOf('-->', open + 4);
        if (end < 0) throw statementError(OFX_MESSAGES.unclosedTag);
        position = end + 3;
      }
      continue;
    }
    const parent = stack[stack.length - 1] as OfxNode;
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim().toUpperCase();
      // The end tag of a value element the loop already read (XML, or SGML written in full).
      const last = parent.children[parent.children.length - 1];
      if (last?.name === name && last.value !== null && parent.name !== name) continue;
      const index = stack.findLastIndex((node) => node.name === name);
      if (index <= 0) throw statementError(OFX_MESSAGES.strayEndTag(name.slice(0, 40)));
      // Nodes above the one this tag closes were never closed: in SGML they were empty value
      // elements (<MEMO> with nothing after it), and what was read into them are their siblings.
      for (let open = stack.length - 1; open > index; open--) {
        const empty = stack[open] as OfxNode;
        const holder = stack[open - 1] as OfxNode;
        holder.children.push(...empty.children);
        empty.children = [];
        empty.value = '';
      }
      stack.length = index;
      continue;
    }
    elements++;
    if (elements > MAX_ELEMENTS) throw statementError(OFX_MESSAGES.tooManyElements);
    const selfClosing = tag.endsWith('/');
    const name = (selfClosing ? tag.slice(0, -1) : tag).split(/\s/, 1)[0]?.toUpperCase() ?? '';
    const next = text.indexOf('<', position);
    const rawValue = text.slice(position, next < 0 ? text.length : next);
    const value = rawValue.trim();
    if (selfClosing || value.length > 0) {
      parent.children.push({ name, value: selfClosing ? '' : decodeEntities(value), children: [] });
      position = next < 0 ? text.length : next;
      continue;
    }
    if (stack.length > STATEMENT_LIMITS.maxDepth) throw statementError(OFX_MESSAGES.tooDeep);
    const node: OfxNode = { name, value: null, children: [] };
    parent.children.push(node);
    stack.push(node);
  }
  if (stack.length > 1) throw statementError(OFX_MESSAGES.unclosed((stack[stack.length - 1] as OfxNode).name));
  const ofx = root.children.find((node) => node.name === 'OFX');
  if (!ofx) throw statementError(OFX_MESSAGES.noOfx);
  return ofx;
}

function child(node: OfxNode | undefined, name: string): OfxNode | undefined {
  return node?.children.find((candidate) => candidate.name === name);
}

function elementValue(node: OfxNode | undefined, name: string): string | null {
  const found = child(node, name);
  return found?.value ?? null;
}

/** Every aggregate named `name` under `node`, in document order (an explicit stack: no recursion). */
function findAll(node: OfxNode, name: string): OfxNode[] {
  const found: OfxNode[] = [];
  const pending: OfxNode[] = [node];
  while (pending.length > 0) {
    const current = pending.pop() as OfxNode;
    if (current.name === name) found.push(current);
    for (let index = current.children.length - 1; index >= 0; index--) pending.push(current.children[index] as OfxNode);
  }
  return found;
}

/** 'YYYYMMDD[HHMMSS[.XXX]][[±h:TZ]]' → 'YYYY-MM-DD': the day the bank wrote, its time of day ignored. */
export function ofxDate(value: string): string | null {
  const match = /^(\d{4})(\d{2})(\d{2})/.exec(value.trim());
  if (!match) return null;
  const date = `${match[1]}-${match[2]}-${match[3]}`;
  return isRealCalendarDate(date) ? date : null;
}

function readTransaction(node: OfxNode): StatementRow {
  const postedText = elementValue(node, 'DTPOSTED') ?? elementValue(node, 'DTUSER');
  if (postedText === null) throw statementError(OFX_MESSAGES.missing('date (DTPOSTED)'));
  const date = ofxDate(postedText);
  if (!date) throw statementError(OFX_MESSAGES.badDate(postedText));
  const amountText = elementValue(node, 'TRNAMT');
  if (amountText === null) throw statementError(OFX_MESSAGES.missing('amount (TRNAMT)'));
  const amountCents = parseAmountCents(amountText, { grouping: false });
  if (amountCents === null) throw statementError(OFX_MESSAGES.badAmount(amountText));
  // The payee is NAME, or the NAME of a PAYEE aggregate (bill payments).
  const payee = elementValue(node, 'NAME') ?? elementValue(child(node, 'PAYEE'), 'NAME') ?? '';
  const fitId = elementValue(node, 'FITID');
  const checkNumber = elementValue(node, 'CHECKNUM');
  return {
    date,
    amountCents,
    payee: tidyText(payee, STATEMENT_LIMITS.maxPayeeLength),
    memo: tidyText(elementValue(node, 'MEMO') ?? '', STATEMENT_LIMITS.maxMemoLength),
    fitId: fitId ? fitId.slice(0, 255) : null,
    checkNumber: checkNumber ? checkNumber.slice(0, 32) : null,
  };
}

/** A bank (STMTRS) or credit-card (CCSTMTRS) statement's rows and what the file says about the account. */
export async function parseOfx(text: string): Promise<ParsedStatement> {
  const ofx = await parseOfxTree(text);
  const statements = [...findAll(ofx, 'STMTRS'), ...findAll(ofx, 'CCSTMTRS')];
  if (statements.length === 0) throw statementError(OFX_MESSAGES.noStatement);
  if (statements.length > 1) throw statementError(OFX_MESSAGES.severalStatements(statements.length));
  const statement = statements[0] as OfxNode;
  const isCard = statement.name === 'CCSTMTRS';
  const from = child(statement, isCard ? 'CCACCTFROM' : 'BANKACCTFROM');
  const list = child(statement, 'BANKTRANLIST');
  const transactions = list ? list.children.filter((node) => node.name === 'STMTTRN') : [];
  if (transactions.length > STATEMENT_LIMITS.maxTransactions) throw statementError(OFX_MESSAGES.tooMany);
  const rows: StatementRow[] = [];
  const pace = pacer(1_000);
  for (const transaction of transactions) {
    await pace();
    rows.push(readTransaction(transaction));
  }
  const ledger = child(statement, 'LEDGERBAL');
  const ledgerAmount = elementValue(ledger, 'BALAMT');
  const ledgerDate = elementValue(ledger, 'DTASOF');
  const currency = elementValue(statement, 'CURDEF');
  return {
    info: {
      format: 'OFX',
      accountId: elementValue(from, 'ACCTID'),
      accountType: isCard ? 'CREDITCARD' : elementValue(from, 'ACCTTYPE'),
      currency: currency && /^[A-Za-z]{3}$/.test(currency) ? currency.toUpperCase() : null,
      ledgerBalanceCents: ledgerAmount === null ? null : parseAmountCents(ledgerAmount, { grouping: false }),
      ledgerBalanceDate: ledgerDate === null ? null : ofxDate(ledgerDate),
    },
    rows,
  };
}
