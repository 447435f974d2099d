import { SaxesParser, type SaxesTagNS } from 'saxes';
import {
  normalizeRfc,
  RFC_GENERIC_FOREIGN,
  type RfcKind,
  rfcCheckDigit,
  rfcCheckDigitMatches,
  rfcKind,
} from './cfdi-rfc.ts';

/**
 * CFDI 4.0 e-invoice validation for Escuelas de Calidad expense proofs (research/security.md §6.4).
 * Pure: bytes in, facts and explained checks out; storing the file, the UUID's uniqueness across
 * the programme (a database constraint on `facts.uuid`), the seal's cryptography and the SAT status
 * query belong to the caller.
 *
 * The order is the safety argument:
 *  1. Before any parsing: the length (a 50 MB upload never reaches a decoder or parser), the
 *     encoding (UTF-8 only, decoded strictly here; UTF-16/32 and NUL bytes refused, so nothing can
 *     hide from the scans below), then a plain-text scan refusing any markup declaration — `<!`
 *     that does not open a comment or a CDATA section, which covers `<!DOCTYPE`, `<!ENTITY`
 *     and the rest of DTD syntax — and any processing instruction but the XML declaration.
 *     Billion laughs and XXE payloads are therefore refused before a parser exists.
 *  2. Parsing with saxes (chosen over fast-xml-parser): a strict, non-validating SAX parser that
 *     never reads a DTD, knows only the five predefined entities and character references (any
 *     other `&name;` is a well-formedness error, not an expansion), resolves namespaces itself
 *     (so the namespace URI is checked, never a prefix) and hands attribute values over as
 *     strings. fast-xml-parser would need namespace resolution rebuilt by hand and has a run of
 *     entity-expansion CVEs (2023, 2026). saxes was already in the tree through exceljs.
 *  3. Structure (cfdv40.xsd, TimbreFiscalDigitalv11.xsd: the elements and attributes the
 *     programme relies on), 4. formats, 5. exact arithmetic in integer micro-units (BigInt, never
 *     floating point), 6. dates, 7. RFCs (check digit only ever a warning).
 * Every check, passed or failed, carries a Spanish and an English sentence for the school director.
 */

export const CFDI_NS = 'http://www.sat.gob.mx/cfd/4';
export const CFDI33_NS = 'http://www.sat.gob.mx/cfd/3';
export const TFD_NS = 'http://www.sat.gob.mx/TimbreFiscalDigital';
export const CFDI_MAX_BYTES = 2 * 1024 * 1024;
/** Elements and nesting a CFDI never comes near; a bound on work even within the byte limit. */
const MAX_DEPTH = 32;
const MAX_ELEMENTS = 50_000;

export type CfdiCheckName =
  | 'input.size'
  | 'input.encoding'
  | 'input.no_dtd'
  | 'input.no_processing_instruction'
  | 'xml.well_formed'
  | 'structure.root'
  | 'structure.version'
  | 'structure.comprobante'
  | 'structure.emisor'
  | 'structure.receptor'
  | 'structure.conceptos'
  | 'structure.timbre'
  | 'format.amounts'
  | 'format.dates'
  | 'format.uuid'
  | 'format.timbre'
  | 'format.emisor_rfc'
  | 'format.receptor_rfc'
  | 'type'
  | 'currency'
  | 'amounts.concept_importe'
  | 'amounts.concept_taxes'
  | 'amounts.subtotal'
  | 'amounts.discount'
  | 'amounts.taxes'
  | 'amounts.total'
  | 'dates.cycle'
  | 'dates.future'
  | 'dates.stamp_order'
  | 'rfc.emisor_generic'
  | 'rfc.receptor_generic'
  | 'rfc.emisor_check_digit'
  | 'rfc.receptor_check_digit'
  | 'rfc.receptor_matches'
  | 'timbre.sello';

export type CheckSeverity = 'error' | 'warning';

export interface CfdiCheck {
  check: CfdiCheckName;
  ok: boolean;
  /** An error refuses the invoice; a warning is shown but does not. */
  severity: CheckSeverity;
  es: string;
  en: string;
}

export interface CfdiItem {
  description: string;
  /** Exact decimal as written in the invoice (up to six decimals). */
  quantity: string;
  /** Centavos, rounded half up when the invoice carries more than two decimals. */
  unitValue: number;
  amount: number;
}

export interface CfdiFacts {
  /** Upper case: the key for the programme-wide uniqueness constraint. */
  uuid: string;
  version: string;
  /** `Fecha` as written: local time of the place of issue, no offset. */
  issuedAt: string;
  /** `FechaTimbrado` as written (Mexico City time). */
  stampedAt: string;
  emisorRfc: string;
  emisorName: string;
  receptorRfc: string;
  receptorName: string;
  /** All amounts in integer centavos. */
  subtotal: number;
  discount: number;
  taxesTransferred: number;
  taxesWithheld: number;
  total: number;
  currency: string;
  /** `MetodoPago` (PUE / PPD) or null when absent. */
  paymentMethod: string | null;
  items: CfdiItem[];
}

export interface CfdiContext {
  /** The fiscal year the money follows, inclusive, `YYYY-MM-DD`. */
  cycle: { from: string; to: string };
  /** The school's registered taxpayer key when the rules require one. */
  receptorRfc: string | null;
  maxBytes?: number;
  /** The present, for tests; defaults to the clock. */
  now?: Date;
}

export interface CfdiResult {
  /** True when no check of severity `error` failed. */
  ok: boolean;
  /** Null when the document could not be read as a CFDI 4.0 (input, XML, structure or format errors). */
  facts: CfdiFacts | null;
  checks: CfdiCheck[];
}

// ---------------------------------------------------------------------------------------------
// Texts (es / en). Failed checks name the figures or values involved.

interface Text {
  es: string;
  en: string;
}

const t = (es: string, en: string): Text => ({ es, en });
const list = (items: string[]) => items.join(', ');

export const CFDI_TEXT = {
  sizeOk: t('El tamaño del archivo está dentro del límite.', 'The file size is within the limit.'),
  sizeTooLarge: (bytes: number, max: number) =>
    t(
      `El archivo pesa ${mb(bytes)}; una factura electrónica (CFDI) no pasa de ${mb(max)}. Revise que subió el XML correcto y no otro archivo.`,
      `The file is ${mb(bytes)}; an e-invoice (CFDI) is at most ${mb(max)}. Check that you uploaded the right XML and not another file.`,
    ),
  encodingOk: t('El archivo está en UTF-8.', 'The file is UTF-8.'),
  encodingUtf16: (which: string) =>
    t(
      `El archivo está codificado en ${which}; el SAT exige UTF-8. Descargue el XML original desde el portal del SAT o de su proveedor, sin abrirlo ni guardarlo con otro programa.`,
      `The file is encoded as ${which}; the SAT requires UTF-8. Download the original XML from the SAT portal or your supplier, without opening and re-saving it in another program.`,
    ),
  encodingNul: t(
    'El archivo contiene bytes nulos: no es un XML en UTF-8 (quizá es UTF-16 o un archivo binario).',
    'The file contains NUL bytes: it is not a UTF-8 XML (perhaps UTF-16 or a binary file).',
  ),
  encodingInvalidUtf8: t(
    'El archivo no es texto UTF-8 válido. Descargue de nuevo el XML original de la factura.',
    'The file is not valid UTF-8 text. Download the original invoice XML again.',
  ),
  encodingDeclared: (enc: string) =>
    t(
      `El XML declara la codificación "${enc}"; una factura electrónica debe estar en UTF-8.`,
      `The XML declares the encoding "${enc}"; an e-invoice must be UTF-8.`,
    ),
  dtdOk: t(
    'El archivo no contiene declaraciones DTD ni entidades.',
    'The file contains no DTD or entity declarations.',
  ),
  dtdFound: (what: string) =>
    t(
      `El archivo contiene una declaración ${what}. Una factura electrónica nunca la lleva y puede usarse para atacar el sistema, así que el archivo se rechazó sin leerlo.`,
      `The file contains a ${what} declaration. An e-invoice never has one and it can be used to attack the system, so the file was refused without reading it.`,
    ),
  piOk: t(
    'El archivo no contiene instrucciones de procesamiento.',
    'The file contains no processing instructions.',
  ),
  piFound: (what: string) =>
    t(
      `El archivo contiene la instrucción de procesamiento "${what}"; una factura electrónica solo admite la declaración XML inicial.`,
      `The file contains the processing instruction "${what}"; an e-invoice allows only the initial XML declaration.`,
    ),
  wellFormedOk: t('El XML está bien formado.', 'The XML is well formed.'),
  tooComplex: t(
    `El XML tiene más de ${MAX_DEPTH} niveles de anidación o más de ${MAX_ELEMENTS.toLocaleString('en-US')} elementos; una factura electrónica nunca es así.`,
    `The XML nests more than ${MAX_DEPTH} levels deep or has more than ${MAX_ELEMENTS.toLocaleString('en-US')} elements; an e-invoice never does.`,
  ),
  malformed: (detail: string) =>
    t(
      `El archivo no es un XML válido (${detail}). Puede estar incompleto o dañado: descárguelo de nuevo.`,
      `The file is not valid XML (${detail}). It may be incomplete or damaged: download it again.`,
    ),
  rootOk: t('Es un comprobante CFDI 4.0 del SAT.', 'It is a SAT CFDI 4.0 invoice.'),
  root33: t(
    'Es una factura CFDI 3.3 (espacio de nombres http://www.sat.gob.mx/cfd/3). Desde abril de 2023 solo son válidas las facturas CFDI 4.0: pida a su proveedor que la emita en versión 4.0.',
    'It is a CFDI 3.3 invoice (namespace http://www.sat.gob.mx/cfd/3). Since April 2023 only CFDI 4.0 invoices are valid: ask your supplier to issue it as version 4.0.',
  ),
  rootWrongNs: (ns: string) =>
    t(
      `El elemento Comprobante está en el espacio de nombres "${ns}", no en el del SAT para CFDI 4.0 (${CFDI_NS}).`,
      `The Comprobante element is in the namespace "${ns}", not the SAT's CFDI 4.0 namespace (${CFDI_NS}).`,
    ),
  rootWrong: (name: string) =>
    t(
      `El archivo es un XML pero no una factura electrónica: su elemento principal es <${name}> y debería ser <cfdi:Comprobante>.`,
      `The file is XML but not an e-invoice: its root element is <${name}> and should be <cfdi:Comprobante>.`,
    ),
  versionOk: t('La versión del comprobante es 4.0.', 'The invoice version is 4.0.'),
  versionWrong: (v: string) =>
    t(
      `El comprobante dice Version="${v}"; solo se acepta la versión 4.0.`,
      `The invoice says Version="${v}"; only version 4.0 is accepted.`,
    ),
  elementOk: (name: string) => t(`El nodo ${name} está completo.`, `The ${name} node is complete.`),
  elementMissing: (name: string) =>
    t(`Falta el nodo ${name} de la factura.`, `The invoice has no ${name} node.`),
  elementRepeated: (name: string, n: number) =>
    t(
      `El nodo ${name} aparece ${n} veces; debe aparecer una sola.`,
      `The ${name} node appears ${n} times; it must appear once.`,
    ),
  attributesMissing: (name: string, attrs: string[]) =>
    t(
      `Al nodo ${name} le faltan datos obligatorios: ${list(attrs)}.`,
      `The ${name} node lacks required data: ${list(attrs)}.`,
    ),
  noConceptos: t(
    'La factura no tiene conceptos (cfdi:Concepto): debe describir al menos un bien o servicio.',
    'The invoice has no line items (cfdi:Concepto): it must describe at least one good or service.',
  ),
  timbreMissing: t(
    'La factura no está timbrada: falta el Timbre Fiscal Digital del SAT (tfd:TimbreFiscalDigital en cfdi:Complemento). Sin timbre no es una factura válida; pida al proveedor el XML timbrado.',
    "The invoice is not stamped: the SAT's digital tax stamp (tfd:TimbreFiscalDigital in cfdi:Complemento) is missing. Without it the invoice is not valid; ask the supplier for the stamped XML.",
  ),
  timbreRepeated: (n: number) =>
    t(
      `La factura trae ${n} timbres fiscales; debe traer exactamente uno.`,
      `The invoice carries ${n} tax stamps; it must carry exactly one.`,
    ),
  amountsOk: t('Todos los importes son números decimales válidos.', 'All amounts are valid decimal numbers.'),
  amountsBad: (bad: string[]) =>
    t(
      `Estos importes no son números decimales válidos (solo dígitos y punto, hasta 6 decimales): ${list(bad)}.`,
      `These amounts are not valid decimal numbers (digits and a point only, up to 6 decimals): ${list(bad)}.`,
    ),
  datesOk: t('Las fechas tienen el formato correcto.', 'The dates are correctly formatted.'),
  datesBad: (bad: string[]) =>
    t(
      `Estas fechas no son válidas (formato AAAA-MM-DDThh:mm:ss): ${list(bad)}.`,
      `These dates are not valid (format YYYY-MM-DDThh:mm:ss): ${list(bad)}.`,
    ),
  uuidOk: (uuid: string) => t(`Folio fiscal (UUID): ${uuid}.`, `Tax folio (UUID): ${uuid}.`),
  uuidBad: (uuid: string) =>
    t(
      `El folio fiscal (UUID) "${uuid}" no tiene el formato del SAT (32 caracteres hexadecimales en grupos 8-4-4-4-12).`,
      `The tax folio (UUID) "${uuid}" is not in the SAT format (32 hexadecimal characters in groups 8-4-4-4-12).`,
    ),
  timbreFormatOk: t(
    'Los datos del timbre tienen el formato correcto.',
    'The stamp data are correctly formatted.',
  ),
  timbreFormatBad: (bad: string[]) =>
    t(
      `Datos del timbre o del certificado con formato inválido: ${list(bad)}.`,
      `Stamp or certificate data with an invalid format: ${list(bad)}.`,
    ),
  rfcFormatOk: (who: Who, rfc: string) => t(`RFC del ${who.es}: ${rfc}.`, `${who.en} RFC: ${rfc}.`),
  rfcFormatBad: (who: Who, rfc: string) =>
    t(
      `El RFC del ${who.es} "${rfc}" no tiene un formato válido (12 caracteres para una empresa, 13 para una persona: letras, fecha AAMMDD y homoclave).`,
      `The ${who.en.toLowerCase()} RFC "${rfc}" is not validly formatted (12 characters for a company, 13 for a person: letters, date YYMMDD and a 3-character suffix).`,
    ),
  typeOk: t('Es un comprobante de ingreso (tipo I).', 'It is an income invoice (type I).'),
  typeWrong: (type: string) =>
    t(
      `El tipo de comprobante es "${type}" (${TYPE_NAMES[type]?.es ?? 'desconocido'}); como comprobante de gasto solo se acepta una factura de ingreso (tipo I).`,
      `The invoice type is "${type}" (${TYPE_NAMES[type]?.en ?? 'unknown'}); only an income invoice (type I) is accepted as an expense proof.`,
    ),
  currencyOk: t('La moneda es pesos mexicanos (MXN).', 'The currency is Mexican pesos (MXN).'),
  currencyWrong: (cur: string) =>
    t(
      `La factura está en "${cur}"; los recursos del programa se comprueban en pesos mexicanos (MXN). Pida al proveedor una factura en MXN.`,
      `The invoice is in "${cur}"; programme funds are accounted for in Mexican pesos (MXN). Ask the supplier for an invoice in MXN.`,
    ),
  conceptImporteOk: t(
    'En cada concepto, el importe es igual a cantidad × valor unitario.',
    'In every line item the amount equals quantity × unit value.',
  ),
  conceptImporteWrong: (
    line: number,
    desc: string,
    qty: string,
    unit: bigint,
    expected: bigint,
    stated: bigint,
  ) =>
    t(
      `Concepto ${line} ("${desc}"): ${qty} × ${money(unit)} = ${money(expected)}, pero el importe dice ${money(stated)}. La factura pudo haber sido alterada.`,
      `Line item ${line} ("${desc}"): ${qty} × ${money(unit)} = ${money(expected)}, but its amount says ${money(stated)}. The invoice may have been altered.`,
    ),
  conceptTaxesOk: t(
    'Los impuestos de cada concepto corresponden a su base y tasa.',
    "Every line item's taxes match their base and rate.",
  ),
  conceptTaxWrong: (line: number, kind: Text, base: bigint, rate: string, expected: bigint, stated: bigint) =>
    t(
      `Concepto ${line}: ${kind.es} sobre una base de ${money(base)} a ${rate} da ${money(expected)}, pero la factura dice ${money(stated)}.`,
      `Line item ${line}: ${kind.en} on a base of ${money(base)} at ${rate} gives ${money(expected)}, but the invoice says ${money(stated)}.`,
    ),
  subtotalOk: t('El subtotal es la suma de los conceptos.', 'The subtotal is the sum of the line items.'),
  subtotalWrong: (stated: bigint, sum: bigint) =>
    t(
      `El subtotal de la factura es ${money(stated)}, pero la suma de los importes de los conceptos es ${money(sum)}. La factura pudo haber sido alterada.`,
      `The invoice subtotal is ${money(stated)}, but the line item amounts add up to ${money(sum)}. The invoice may have been altered.`,
    ),
  discountOk: t(
    'El descuento es la suma de los descuentos de los conceptos.',
    'The discount is the sum of the line item discounts.',
  ),
  discountWrong: (stated: bigint, sum: bigint) =>
    t(
      `El descuento de la factura es ${money(stated)}, pero los descuentos de los conceptos suman ${money(sum)}.`,
      `The invoice discount is ${money(stated)}, but the line item discounts add up to ${money(sum)}.`,
    ),
  taxesOk: t(
    'Los totales de impuestos corresponden a los de los conceptos.',
    'The tax totals match the line item taxes.',
  ),
  taxesWrong: (kind: Text, stated: bigint, sum: bigint, source: Text) =>
    t(
      `El total de ${kind.es} de la factura es ${money(stated)}, pero ${source.es} suman ${money(sum)}.`,
      `The invoice's total ${kind.en} is ${money(stated)}, but ${source.en} add up to ${money(sum)}.`,
    ),
  totalOk: t(
    'El total es subtotal − descuento + impuestos trasladados − impuestos retenidos.',
    'The total is subtotal − discount + transferred taxes − withheld taxes.',
  ),
  totalWrong: (stated: bigint, expected: bigint, sub: bigint, disc: bigint, tras: bigint, ret: bigint) =>
    t(
      `El total de la factura es ${money(stated)}, pero subtotal ${money(sub)} − descuento ${money(disc)} + impuestos trasladados ${money(tras)} − impuestos retenidos ${money(ret)} = ${money(expected)}. La factura pudo haber sido alterada.`,
      `The invoice total is ${money(stated)}, but subtotal ${money(sub)} − discount ${money(disc)} + transferred taxes ${money(tras)} − withheld taxes ${money(ret)} = ${money(expected)}. The invoice may have been altered.`,
    ),
  cycleOk: (from: string, to: string) =>
    t(
      `La fecha de la factura está dentro del ciclo (${from} a ${to}).`,
      `The invoice date is within the cycle (${from} to ${to}).`,
    ),
  cycleWrong: (date: string, from: string, to: string) =>
    t(
      `La factura es del ${date}, fuera del ejercicio fiscal de estos recursos (${from} a ${to}). Solo se comprueban gastos hechos dentro del ciclo.`,
      `The invoice is dated ${date}, outside the fiscal year of these funds (${from} to ${to}). Only expenses made within the cycle can be accounted for.`,
    ),
  futureOk: t('Las fechas de la factura no están en el futuro.', 'The invoice dates are not in the future.'),
  futureWrong: (what: Text, date: string) =>
    t(
      `La ${what.es} (${date}) está en el futuro. Revise la factura con su proveedor.`,
      `The ${what.en} (${date}) is in the future. Check the invoice with your supplier.`,
    ),
  stampOrderOk: t(
    'La factura se timbró después de emitirse.',
    'The invoice was stamped after it was issued.',
  ),
  stampOrderWrong: (issued: string, stamped: string) =>
    t(
      `La factura dice haberse timbrado (${stamped}) antes de emitirse (${issued}); no es posible en una factura auténtica.`,
      `The invoice claims to have been stamped (${stamped}) before it was issued (${issued}); that is impossible for a genuine invoice.`,
    ),
  emisorGenericOk: t('El emisor tiene un RFC propio.', 'The issuer has its own RFC.'),
  emisorGeneric: (rfc: string) =>
    t(
      `El RFC del emisor es el genérico ${rfc}; quien emite una factura siempre usa su propio RFC.`,
      `The issuer RFC is the generic ${rfc}; whoever issues an invoice always uses their own RFC.`,
    ),
  receptorGenericOk: t('El RFC del receptor es aceptable.', 'The receiver RFC is acceptable.'),
  receptorForeign: t(
    `La factura está emitida a un residente en el extranjero (${RFC_GENERIC_FOREIGN}); debe estar a nombre de la escuela.`,
    `The invoice is issued to a foreign resident (${RFC_GENERIC_FOREIGN}); it must be issued to the school.`,
  ),
  checkDigitOk: (who: Who) =>
    t(
      `El dígito verificador del RFC del ${who.es} es correcto.`,
      `The ${who.en.toLowerCase()} RFC check digit is correct.`,
    ),
  checkDigitWrong: (who: Who, rfc: string, expected: string) =>
    t(
      `Aviso: el último carácter del RFC del ${who.es} (${rfc}) no es el dígito verificador calculado (${expected}). Algunos RFC reales no cumplen esta regla, así que no se rechaza, pero conviene confirmar el RFC con la constancia de situación fiscal.`,
      `Warning: the last character of the ${who.en.toLowerCase()} RFC (${rfc}) is not the computed check digit (${expected}). Some real RFCs break this rule, so it is not refused, but confirm the RFC against the tax status certificate.`,
    ),
  receptorMatchOk: (rfc: string) =>
    t(
      `La factura está a nombre del RFC registrado de la escuela (${rfc}).`,
      `The invoice is issued to the school's registered RFC (${rfc}).`,
    ),
  receptorMismatch: (found: string, expected: string) =>
    t(
      `La factura está emitida al RFC ${found}, pero el RFC registrado de la escuela es ${expected}. Pida al proveedor que la emita a nombre de la escuela.`,
      `The invoice is issued to RFC ${found}, but the school's registered RFC is ${expected}. Ask the supplier to issue it to the school.`,
    ),
  selloOk: t('El timbre corresponde al sello de la factura.', "The stamp matches the invoice's seal."),
  selloMismatch: t(
    'El sello registrado en el timbre fiscal no es el sello de la factura: el documento fue modificado después de timbrarse.',
    "The seal recorded in the tax stamp is not the invoice's seal: the document was modified after it was stamped.",
  ),
};

interface Who {
  es: string;
  en: string;
}
const EMISOR: Who = { es: 'emisor', en: 'Issuer' };
const RECEPTOR: Who = { es: 'receptor', en: 'Receiver' };
const TRASLADOS = t('impuestos trasladados', 'transferred taxes');
const RETENCIONES = t('impuestos retenidos', 'withheld taxes');
const TYPE_NAMES: Record<string, Text> = {
  I: t('ingreso', 'income'),
  E: t('egreso, nota de crédito', 'credit note'),
  T: t('traslado', 'transfer'),
  N: t('nómina', 'payroll'),
  P: t('pago', 'payment'),
};

function mb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

// ---------------------------------------------------------------------------------------------
// Exact decimals: amounts are integers of millionths (the SAT's t_Importe has up to 6 decimals).

const SCALE = 1_000_000n;
const CENTAVO = 10_000n; // one centavo in millionths
export const DECIMAL_PATTERN = /^[0-9]{1,18}(\.[0-9]{1,6})?$/;

/** A SAT decimal (`t_Importe`: digits, an optional point and 1–6 decimals) in millionths, or null. */
export function parseDecimal(raw: string): bigint | null {
  if (!DECIMAL_PATTERN.test(raw)) return null;
  const [whole = '0', frac = ''] = raw.split('.');
  return BigInt(whole) * SCALE + BigInt(frac.padEnd(6, '0'));
}

/** Millionths to centavos, rounding half up (amounts are never negative; negatives round half away from zero). */
export function toCentavos(micros: bigint): bigint {
  const sign = micros < 0n ? -1n : 1n;
  const abs = micros * sign;
  return sign * ((abs + CENTAVO / 2n) / CENTAVO);
}

/** `$1,234.56` from millionths (rounded to the centavo), the way both languages write pesos. */
export function money(micros: bigint): string {
  const c = toCentavos(micros);
  const neg = c < 0n;
  const abs = neg ? -c : c;
  const pesos = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '−' : ''}$${pesos}.${(abs % 100n).toString().padStart(2, '0')}`;
}

const within = (a: bigint, b: bigint, tolerance: bigint) => (a > b ? a - b : b - a) <= tolerance;
/** The exact product of two millionths values, in units of 1e-12 (compare it with a millionths value × SCALE). */
const product12 = (a: bigint, b: bigint) => a * b;

// ---------------------------------------------------------------------------------------------
// Input: size, encoding, markup declarations, processing instructions — all before any parser.

type Decoded = { text: string } | { fail: { check: CfdiCheckName; text: Text } };

function decode(bytes: Buffer | Uint8Array | string, max: number): Decoded {
  if (typeof bytes === 'string') {
    // Every UTF-16 code unit is at least one UTF-8 byte: a long string is refused before measuring it.
    const size = bytes.length > max ? bytes.length : Buffer.byteLength(bytes, 'utf8');
    if (size > max) return { fail: { check: 'input.size', text: CFDI_TEXT.sizeTooLarge(size, max) } };
    const text = bytes.startsWith('\uFEFF') ? bytes.slice(1) : bytes;
    if (text.includes('\u0000')) return { fail: { check: 'input.encoding', text: CFDI_TEXT.encodingNul } };
    return { text };
  }
  if (bytes.byteLength > max) {
    return { fail: { check: 'input.size', text: CFDI_TEXT.sizeTooLarge(bytes.byteLength, max) } };
  }
  const [b0, b1, b2, b3] = bytes;
  const enc = (which: string) => ({
    fail: { check: 'input.encoding' as const, text: CFDI_TEXT.encodingUtf16(which) },
  });
  if (b0 === 0x00 && b1 === 0x00 && b2 === 0xfe && b3 === 0xff) return enc('UTF-32');
  if (b0 === 0xff && b1 === 0xfe && b2 === 0x00 && b3 === 0x00) return enc('UTF-32');
  if (b0 === 0xfe && b1 === 0xff) return enc('UTF-16');
  if (b0 === 0xff && b1 === 0xfe) return enc('UTF-16');
  // UTF-16 without a byte-order mark: '<' next to a zero byte.
  if ((b0 === 0x3c && b1 === 0x00) || (b0 === 0x00 && b1 === 0x3c)) return enc('UTF-16');
  if (bytes.includes(0)) return { fail: { check: 'input.encoding', text: CFDI_TEXT.encodingNul } };
  const start = b0 === 0xef && b1 === 0xbb && b2 === 0xbf ? 3 : 0;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(start)) };
  } catch {
    return { fail: { check: 'input.encoding', text: CFDI_TEXT.encodingInvalidUtf8 } };
  }
}

const XML_DECL = /^<\?xml[\t\n\r ][^?]*\?>/;
const DECL_ENCODING = /[\t\n\r ]encoding[\t\n\r ]*=[\t\n\r ]*(["'])([^"']*)\1/;
/** `<!` opening anything but a comment or a CDATA section: DOCTYPE, ENTITY, ELEMENT, ATTLIST, NOTATION… */
const MARKUP_DECLARATION = /<!(?!--|\[CDATA\[)/;
const NAMED_DECLARATION = /<!\s*(DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)/i;

/** The plain-text gate. Returns the text the parser may see (leading whitespace trimmed) or the refusal. */
function screen(text: string, add: (check: CfdiCheckName, ok: boolean, text: Text) => void): string | null {
  const body = text.replace(/^[\t\n\r ]+/, '');
  const decl = XML_DECL.exec(body);
  const declared = decl ? DECL_ENCODING.exec(decl[0])?.[2] : undefined;
  if (declared !== undefined && !/^utf-?8$/i.test(declared)) {
    add('input.encoding', false, CFDI_TEXT.encodingDeclared(declared));
    return null;
  }
  add('input.encoding', true, CFDI_TEXT.encodingOk);

  const m = MARKUP_DECLARATION.exec(body) ?? NAMED_DECLARATION.exec(body);
  if (m) {
    const named = NAMED_DECLARATION.exec(body);
    add('input.no_dtd', false, CFDI_TEXT.dtdFound(named ? `<!${named[1]?.toUpperCase()}` : '<!…'));
    return null;
  }
  add('input.no_dtd', true, CFDI_TEXT.dtdOk);

  const afterDecl = decl ? decl[0].length : 0;
  const pi = body.indexOf('<?', afterDecl);
  if (pi >= 0) {
    const target = /^<\?([^\s?>]*)/.exec(body.slice(pi, pi + 80))?.[1] ?? '';
    add('input.no_processing_instruction', false, CFDI_TEXT.piFound(`<?${target}`));
    return null;
  }
  add('input.no_processing_instruction', true, CFDI_TEXT.piOk);
  return body;
}

// ---------------------------------------------------------------------------------------------
// Parsing into a small element tree (namespace-resolved names, unqualified attributes as strings).

interface XmlElement {
  uri: string;
  local: string;
  name: string;
  attrs: Map<string, string>;
  children: XmlElement[];
}

class TooComplex extends Error {}

/** Only ever called on text that passed `screen`. */
function parseXml(text: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let count = 0;
  parser.on('error', (err) => {
    throw err;
  });
  parser.on('doctype', () => {
    // Unreachable behind `screen`; kept so the parser alone would still refuse a DTD.
    throw new Error('DOCTYPE not allowed');
  });
  parser.on('processinginstruction', (pi) => {
    throw new Error(`processing instruction ${pi.target} not allowed`);
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    count += 1;
    if (count > MAX_ELEMENTS || stack.length >= MAX_DEPTH)
      throw new TooComplex('too many or too deeply nested elements');
    const attrs = new Map<string, string>();
    for (const a of Object.values(tag.attributes))
      if (a.uri === '' && a.prefix === '') attrs.set(a.local, a.value);
    const el: XmlElement = { uri: tag.uri, local: tag.local, name: tag.name, attrs, children: [] };
    const parent = stack.at(-1);
    if (parent) parent.children.push(el);
    else root = el;
    if (!tag.isSelfClosing) stack.push(el);
  });
  parser.on('closetag', (tag) => {
    if (!tag.isSelfClosing) stack.pop();
  });
  parser.write(text).close();
  if (!root) throw new Error('no root element');
  return root;
}

// ---------------------------------------------------------------------------------------------
// Validation.

const COMPROBANTE_REQUIRED = [
  'Fecha',
  'Sello',
  'NoCertificado',
  'Certificado',
  'SubTotal',
  'Moneda',
  'Total',
  'TipoDeComprobante',
  'Exportacion',
  'LugarExpedicion',
];
const EMISOR_REQUIRED = ['Rfc', 'Nombre', 'RegimenFiscal'];
const RECEPTOR_REQUIRED = ['Rfc', 'Nombre', 'DomicilioFiscalReceptor', 'RegimenFiscalReceptor', 'UsoCFDI'];
const CONCEPTO_REQUIRED = [
  'ClaveProdServ',
  'Cantidad',
  'ClaveUnidad',
  'Descripcion',
  'ValorUnitario',
  'Importe',
  'ObjetoImp',
];
const TIMBRE_REQUIRED = [
  'Version',
  'UUID',
  'FechaTimbrado',
  'RfcProvCertif',
  'SelloCFD',
  'NoCertificadoSAT',
  'SelloSAT',
];
const UUID_PATTERN = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;
const NIL_UUID = '00000000-0000-0000-0000-000000000000';
const FECHA_PATTERN =
  /^(20[1-9][0-9])-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9])$/;
const CERT_NUMBER = /^[0-9]{20}$/;
const HOUR = 3_600_000;
/** Mexico's easternmost time (Quintana Roo, UTC−5, no daylight saving) and Mexico City's (UTC−6). */
const EASTERNMOST_OFFSET = 5 * HOUR;
const CENTRAL_OFFSET = 6 * HOUR;
const CLOCK_SKEW = 5 * 60_000;

/** A CFDI wall-clock date-time (no offset) as milliseconds of that wall clock read as UTC, or null. */
function wallClock(raw: string): number | null {
  const m = FECHA_PATTERN.exec(raw);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  return new Date(ms).getUTCDate() === d ? ms : null;
}

const children = (el: XmlElement, local: string, uri = CFDI_NS) =>
  el.children.filter((c) => c.uri === uri && c.local === local);
const missing = (el: XmlElement, names: string[]) => names.filter((n) => !(el.attrs.get(n) ?? '').trim());
const attr = (el: XmlElement, name: string) => el.attrs.get(name) ?? '';

interface TaxLine {
  line: number;
  kind: 'traslado' | 'retencion';
  base: bigint | null;
  factor: string;
  rate: bigint | null;
  rateRaw: string;
  importe: bigint | null;
}

export function validateCfdi(bytes: Buffer | Uint8Array | string, context: CfdiContext): CfdiResult {
  const checks: CfdiCheck[] = [];
  const add = (check: CfdiCheckName, ok: boolean, text: Text, severity: CheckSeverity = 'error') =>
    checks.push({ check, ok, severity, es: text.es, en: text.en });
  const refuse = (): CfdiResult => ({ ok: false, facts: null, checks });
  const errors = () => checks.some((c) => !c.ok && c.severity === 'error');

  for (const d of [context.cycle.from, context.cycle.to]) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new TypeError(`cycle dates are YYYY-MM-DD, got "${d}"`);
  }

  // 1. Before any parsing.
  const max = context.maxBytes ?? CFDI_MAX_BYTES;
  const decoded = decode(bytes, max);
  if ('fail' in decoded) {
    if (decoded.fail.check !== 'input.size') add('input.size', true, CFDI_TEXT.sizeOk);
    add(decoded.fail.check, false, decoded.fail.text);
    return refuse();
  }
  add('input.size', true, CFDI_TEXT.sizeOk);
  const text = screen(decoded.text, add);
  if (text === null) return refuse();

  // 2. Parse.
  let root: XmlElement;
  try {
    root = parseXml(text);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    add(
      'xml.well_formed',
      false,
      err instanceof TooComplex ? CFDI_TEXT.tooComplex : CFDI_TEXT.malformed(detail.slice(0, 200)),
    );
    return refuse();
  }
  add('xml.well_formed', true, CFDI_TEXT.wellFormedOk);

  // 3. Structure.
  if (root.local === 'Comprobante' && root.uri === CFDI33_NS) add('structure.root', false, CFDI_TEXT.root33);
  else if (root.local !== 'Comprobante') add('structure.root', false, CFDI_TEXT.rootWrong(root.name));
  else if (root.uri !== CFDI_NS) add('structure.root', false, CFDI_TEXT.rootWrongNs(root.uri));
  else add('structure.root', true, CFDI_TEXT.rootOk);
  if (errors()) return refuse();

  const version = attr(root, 'Version');
  add(
    'structure.version',
    version === '4.0',
    version === '4.0' ? CFDI_TEXT.versionOk : CFDI_TEXT.versionWrong(version),
  );
  const rootMissing = missing(root, COMPROBANTE_REQUIRED);
  const impuestosCount = children(root, 'Impuestos').length;
  if (impuestosCount > 1)
    add('structure.comprobante', false, CFDI_TEXT.elementRepeated('cfdi:Impuestos', impuestosCount));
  add(
    'structure.comprobante',
    rootMissing.length === 0,
    rootMissing.length === 0
      ? CFDI_TEXT.elementOk('cfdi:Comprobante')
      : CFDI_TEXT.attributesMissing('cfdi:Comprobante', rootMissing),
  );

  const single = (check: CfdiCheckName, local: string, required: string[]): XmlElement | null => {
    const found = children(root, local);
    const name = `cfdi:${local}`;
    if (found.length === 0) add(check, false, CFDI_TEXT.elementMissing(name));
    else if (found.length > 1) add(check, false, CFDI_TEXT.elementRepeated(name, found.length));
    else {
      const lacking = missing(found[0] as XmlElement, required);
      add(
        check,
        lacking.length === 0,
        lacking.length === 0 ? CFDI_TEXT.elementOk(name) : CFDI_TEXT.attributesMissing(name, lacking),
      );
      return found[0] as XmlElement;
    }
    return null;
  };
  const emisor = single('structure.emisor', 'Emisor', EMISOR_REQUIRED);
  const receptor = single('structure.receptor', 'Receptor', RECEPTOR_REQUIRED);
  const conceptosNode = single('structure.conceptos', 'Conceptos', []);
  const conceptos = conceptosNode ? children(conceptosNode, 'Concepto') : [];
  if (conceptosNode && conceptos.length === 0) add('structure.conceptos', false, CFDI_TEXT.noConceptos);
  conceptos.forEach((c, i) => {
    const lacking = missing(c, CONCEPTO_REQUIRED);
    if (lacking.length > 0)
      add('structure.conceptos', false, CFDI_TEXT.attributesMissing(`cfdi:Concepto ${i + 1}`, lacking));
  });

  const timbres = children(root, 'Complemento').flatMap((c) => children(c, 'TimbreFiscalDigital', TFD_NS));
  let timbre: XmlElement | null = null;
  if (timbres.length === 0) add('structure.timbre', false, CFDI_TEXT.timbreMissing);
  else if (timbres.length > 1) add('structure.timbre', false, CFDI_TEXT.timbreRepeated(timbres.length));
  else {
    timbre = timbres[0] as XmlElement;
    const lacking = missing(timbre, TIMBRE_REQUIRED);
    add(
      'structure.timbre',
      lacking.length === 0,
      lacking.length === 0
        ? CFDI_TEXT.elementOk('tfd:TimbreFiscalDigital')
        : CFDI_TEXT.attributesMissing('tfd:TimbreFiscalDigital', lacking),
    );
  }
  if (errors() || !emisor || !receptor || !timbre) return refuse();

  // 4. Formats.
  const badAmounts: string[] = [];
  const amount = (el: XmlElement, name: string, where: string, optional = false): bigint | null => {
    const raw = el.attrs.get(name);
    if (raw === undefined && optional) return null;
    const v = parseDecimal(raw ?? '');
    if (v === null || toCentavos(v) > BigInt(Number.MAX_SAFE_INTEGER)) {
      badAmounts.push(`${where}${name}="${(raw ?? '').slice(0, 40)}"`);
      return null;
    }
    return v;
  };
  const subtotal = amount(root, 'SubTotal', '');
  const total = amount(root, 'Total', '');
  const discount = amount(root, 'Descuento', '', true) ?? 0n;
  const impuestos = children(root, 'Impuestos')[0] ?? null;
  const totalTras = impuestos ? amount(impuestos, 'TotalImpuestosTrasladados', 'Impuestos ', true) : null;
  const totalRet = impuestos ? amount(impuestos, 'TotalImpuestosRetenidos', 'Impuestos ', true) : null;
  const rootTaxLines = impuestos ? taxLines(impuestos, 0, amount) : [];

  const lines = conceptos.map((c, i) => {
    const where = `Concepto ${i + 1} `;
    const quantity = amount(c, 'Cantidad', where);
    if (quantity === 0n) badAmounts.push(`${where}Cantidad="${attr(c, 'Cantidad')}"`);
    const taxes = children(c, 'Impuestos').flatMap((imp) => taxLines(imp, i + 1, amount));
    return {
      description: attr(c, 'Descripcion'),
      quantityRaw: attr(c, 'Cantidad'),
      quantity,
      unitValue: amount(c, 'ValorUnitario', where),
      importe: amount(c, 'Importe', where),
      discount: amount(c, 'Descuento', where, true),
      taxes,
    };
  });
  add(
    'format.amounts',
    badAmounts.length === 0,
    badAmounts.length === 0 ? CFDI_TEXT.amountsOk : CFDI_TEXT.amountsBad(badAmounts),
  );

  const fecha = attr(root, 'Fecha');
  const fechaTimbrado = attr(timbre, 'FechaTimbrado');
  const issued = wallClock(fecha);
  const stamped = wallClock(fechaTimbrado);
  const badDates = [
    ...(issued === null ? [`Fecha="${fecha.slice(0, 40)}"`] : []),
    ...(stamped === null ? [`FechaTimbrado="${fechaTimbrado.slice(0, 40)}"`] : []),
  ];
  add(
    'format.dates',
    badDates.length === 0,
    badDates.length === 0 ? CFDI_TEXT.datesOk : CFDI_TEXT.datesBad(badDates),
  );

  const uuidRaw = attr(timbre, 'UUID');
  const uuid = uuidRaw.toUpperCase();
  const uuidOk = UUID_PATTERN.test(uuid) && uuid !== NIL_UUID;
  add('format.uuid', uuidOk, uuidOk ? CFDI_TEXT.uuidOk(uuid) : CFDI_TEXT.uuidBad(uuidRaw.slice(0, 60)));

  const badTimbre: string[] = [];
  if (attr(timbre, 'Version') !== '1.1') badTimbre.push(`tfd Version="${attr(timbre, 'Version')}"`);
  if (rfcKind(attr(timbre, 'RfcProvCertif')) !== 'company')
    badTimbre.push(`RfcProvCertif="${attr(timbre, 'RfcProvCertif')}"`);
  if (!CERT_NUMBER.test(attr(timbre, 'NoCertificadoSAT')))
    badTimbre.push(`NoCertificadoSAT="${attr(timbre, 'NoCertificadoSAT').slice(0, 40)}"`);
  if (!CERT_NUMBER.test(attr(root, 'NoCertificado')))
    badTimbre.push(`NoCertificado="${attr(root, 'NoCertificado').slice(0, 40)}"`);
  add(
    'format.timbre',
    badTimbre.length === 0,
    badTimbre.length === 0 ? CFDI_TEXT.timbreFormatOk : CFDI_TEXT.timbreFormatBad(badTimbre),
  );

  const emisorRfc = attr(emisor, 'Rfc');
  const receptorRfc = attr(receptor, 'Rfc');
  const emisorKind = rfcKind(emisorRfc);
  const receptorKind = rfcKind(receptorRfc);
  add(
    'format.emisor_rfc',
    emisorKind !== null,
    emisorKind
      ? CFDI_TEXT.rfcFormatOk(EMISOR, emisorRfc)
      : CFDI_TEXT.rfcFormatBad(EMISOR, emisorRfc.slice(0, 40)),
  );
  add(
    'format.receptor_rfc',
    receptorKind !== null,
    receptorKind
      ? CFDI_TEXT.rfcFormatOk(RECEPTOR, receptorRfc)
      : CFDI_TEXT.rfcFormatBad(RECEPTOR, receptorRfc.slice(0, 40)),
  );
  if (errors() || subtotal === null || total === null || issued === null || stamped === null) return refuse();

  // 5. Programme rules and arithmetic.
  const type = attr(root, 'TipoDeComprobante');
  add('type', type === 'I', type === 'I' ? CFDI_TEXT.typeOk : CFDI_TEXT.typeWrong(type.slice(0, 10)));
  const currency = attr(root, 'Moneda');
  add(
    'currency',
    currency === 'MXN',
    currency === 'MXN' ? CFDI_TEXT.currencyOk : CFDI_TEXT.currencyWrong(currency.slice(0, 10)),
  );

  let importesOk = true;
  lines.forEach((l, i) => {
    if (l.quantity === null || l.unitValue === null || l.importe === null) return;
    const expected = product12(l.quantity, l.unitValue);
    if (!within(expected, l.importe * SCALE, CENTAVO * SCALE)) {
      importesOk = false;
      add(
        'amounts.concept_importe',
        false,
        CFDI_TEXT.conceptImporteWrong(
          i + 1,
          l.description.slice(0, 80),
          l.quantityRaw,
          l.unitValue,
          expected / SCALE,
          l.importe,
        ),
      );
    }
  });
  if (importesOk) add('amounts.concept_importe', true, CFDI_TEXT.conceptImporteOk);

  let conceptTaxesOk = true;
  for (const tax of lines.flatMap((l) => l.taxes)) {
    if (tax.factor === 'Exento' || tax.base === null || tax.rate === null || tax.importe === null) continue;
    const expected = product12(tax.base, tax.rate);
    if (!within(expected, tax.importe * SCALE, CENTAVO * SCALE)) {
      conceptTaxesOk = false;
      add(
        'amounts.concept_taxes',
        false,
        CFDI_TEXT.conceptTaxWrong(
          tax.line,
          tax.kind === 'traslado'
            ? t('el impuesto trasladado', 'the transferred tax')
            : t('la retención', 'the withholding'),
          tax.base,
          tax.rateRaw,
          expected / SCALE,
          tax.importe,
        ),
      );
    }
  }
  if (conceptTaxesOk) add('amounts.concept_taxes', true, CFDI_TEXT.conceptTaxesOk);

  const sumImportes = lines.reduce((s, l) => s + (l.importe ?? 0n), 0n);
  const subOk = within(toCentavos(sumImportes), toCentavos(subtotal), 1n);
  add(
    'amounts.subtotal',
    subOk,
    subOk ? CFDI_TEXT.subtotalOk : CFDI_TEXT.subtotalWrong(subtotal, sumImportes),
  );

  if (lines.some((l) => l.discount !== null) || root.attrs.has('Descuento')) {
    const sumDiscounts = lines.reduce((s, l) => s + (l.discount ?? 0n), 0n);
    const ok = within(toCentavos(sumDiscounts), toCentavos(discount), 1n);
    add('amounts.discount', ok, ok ? CFDI_TEXT.discountOk : CFDI_TEXT.discountWrong(discount, sumDiscounts));
  }

  const tras = totalTras ?? 0n;
  const ret = totalRet ?? 0n;
  let taxesOk = true;
  const compareTaxes = (
    kind: TaxLine['kind'],
    stated: bigint,
    label: Text,
    source: TaxLine[],
    sourceLabel: Text,
  ) => {
    const relevant = source.filter((x) => x.kind === kind && x.factor !== 'Exento');
    const sum = relevant.reduce((s, x) => s + (x.importe ?? 0n), 0n);
    if (!within(toCentavos(sum), toCentavos(stated), 1n)) {
      taxesOk = false;
      add('amounts.taxes', false, CFDI_TEXT.taxesWrong(label, stated, sum, sourceLabel));
    }
  };
  const conceptTaxes = lines.flatMap((l) => l.taxes);
  const ofConcepts = t('los impuestos de los conceptos', 'the line item taxes');
  const ofSummary = t('los impuestos desglosados de la factura', "the invoice's itemised taxes");
  if (conceptTaxes.length > 0) {
    compareTaxes('traslado', tras, TRASLADOS, conceptTaxes, ofConcepts);
    compareTaxes('retencion', ret, RETENCIONES, conceptTaxes, ofConcepts);
  }
  if (rootTaxLines.length > 0 || impuestos) {
    compareTaxes('traslado', tras, TRASLADOS, rootTaxLines, ofSummary);
    compareTaxes('retencion', ret, RETENCIONES, rootTaxLines, ofSummary);
  }
  if (taxesOk) add('amounts.taxes', true, CFDI_TEXT.taxesOk);

  const expectedTotal = subtotal - discount + tras - ret;
  const totalOk = within(toCentavos(expectedTotal), toCentavos(total), 1n);
  add(
    'amounts.total',
    totalOk,
    totalOk ? CFDI_TEXT.totalOk : CFDI_TEXT.totalWrong(total, expectedTotal, subtotal, discount, tras, ret),
  );

  // 6. Dates. `Fecha` is the local time of the place of issue and `FechaTimbrado` Mexico City's,
  // neither with an offset: read `Fecha` at the easternmost offset (the earliest instant it can
  // mean), so an invoice issued a moment ago in Quintana Roo is never "in the future".
  const day = fecha.slice(0, 10);
  const inCycle = day >= context.cycle.from && day <= context.cycle.to;
  add(
    'dates.cycle',
    inCycle,
    inCycle
      ? CFDI_TEXT.cycleOk(context.cycle.from, context.cycle.to)
      : CFDI_TEXT.cycleWrong(day, context.cycle.from, context.cycle.to),
  );
  const now = (context.now ?? new Date()).getTime() + CLOCK_SKEW;
  const issuedAt = issued + EASTERNMOST_OFFSET;
  const stampedAt = stamped + CENTRAL_OFFSET;
  if (issuedAt > now)
    add('dates.future', false, CFDI_TEXT.futureWrong(t('fecha de emisión', 'issue date'), fecha));
  else if (stampedAt > now)
    add('dates.future', false, CFDI_TEXT.futureWrong(t('fecha de timbrado', 'stamping date'), fechaTimbrado));
  else add('dates.future', true, CFDI_TEXT.futureOk);
  const orderOk = stampedAt >= issuedAt;
  add(
    'dates.stamp_order',
    orderOk,
    orderOk ? CFDI_TEXT.stampOrderOk : CFDI_TEXT.stampOrderWrong(fecha, fechaTimbrado),
  );

  // 7. RFCs.
  const generic = (k: RfcKind | null) => k === 'generic_public' || k === 'generic_foreign';
  add(
    'rfc.emisor_generic',
    !generic(emisorKind),
    generic(emisorKind) ? CFDI_TEXT.emisorGeneric(emisorRfc) : CFDI_TEXT.emisorGenericOk,
  );
  // Público en general is acceptable only when the rules ask for no RFC (then the match below is skipped).
  add(
    'rfc.receptor_generic',
    receptorKind !== 'generic_foreign',
    receptorKind === 'generic_foreign' ? CFDI_TEXT.receptorForeign : CFDI_TEXT.receptorGenericOk,
  );
  const checkDigit = (check: CfdiCheckName, who: Who, rfc: string, kind: RfcKind | null) => {
    if (generic(kind)) return;
    const ok = rfcCheckDigitMatches(rfc);
    add(
      check,
      ok,
      ok ? CFDI_TEXT.checkDigitOk(who) : CFDI_TEXT.checkDigitWrong(who, rfc, rfcCheckDigit(rfc)),
      'warning',
    );
  };
  checkDigit('rfc.emisor_check_digit', EMISOR, emisorRfc, emisorKind);
  checkDigit('rfc.receptor_check_digit', RECEPTOR, receptorRfc, receptorKind);
  if (context.receptorRfc !== null) {
    const expected = normalizeRfc(context.receptorRfc);
    const ok = receptorRfc === expected;
    add(
      'rfc.receptor_matches',
      ok,
      ok ? CFDI_TEXT.receptorMatchOk(expected) : CFDI_TEXT.receptorMismatch(receptorRfc, expected),
    );
  }
  const selloOk = attr(timbre, 'SelloCFD') === attr(root, 'Sello');
  add('timbre.sello', selloOk, selloOk ? CFDI_TEXT.selloOk : CFDI_TEXT.selloMismatch);

  const cents = (v: bigint | null) => Number(toCentavos(v ?? 0n));
  const facts: CfdiFacts = {
    uuid,
    version,
    issuedAt: fecha,
    stampedAt: fechaTimbrado,
    emisorRfc,
    emisorName: attr(emisor, 'Nombre'),
    receptorRfc,
    receptorName: attr(receptor, 'Nombre'),
    subtotal: cents(subtotal),
    discount: cents(discount),
    taxesTransferred: cents(tras),
    taxesWithheld: cents(ret),
    total: cents(total),
    currency,
    paymentMethod: root.attrs.get('MetodoPago') ?? null,
    items: lines.map((l) => ({
      description: l.description,
      quantity: l.quantityRaw,
      unitValue: cents(l.unitValue),
      amount: cents(l.importe),
    })),
  };
  return { ok: !errors(), facts, checks };
}

function taxLines(
  impuestos: XmlElement,
  line: number,
  amount: (el: XmlElement, name: string, where: string, optional?: boolean) => bigint | null,
): TaxLine[] {
  const where = line > 0 ? `Concepto ${line} ` : 'Impuestos ';
  const read = (el: XmlElement, kind: TaxLine['kind']): TaxLine => {
    const factor = attr(el, 'TipoFactor');
    const exempt = factor === 'Exento';
    return {
      line,
      kind,
      base:
        line > 0
          ? amount(el, 'Base', `${where}${kind === 'traslado' ? 'Traslado' : 'Retencion'} `, true)
          : null,
      factor,
      rateRaw: attr(el, 'TasaOCuota'),
      rate: exempt
        ? null
        : amount(el, 'TasaOCuota', `${where}${kind === 'traslado' ? 'Traslado' : 'Retencion'} `, true),
      importe: exempt
        ? null
        : amount(el, 'Importe', `${where}${kind === 'traslado' ? 'Traslado' : 'Retencion'} `, true),
    };
  };
  return [
    ...children(impuestos, 'Traslados').flatMap((g) =>
      children(g, 'Traslado').map((el) => read(el, 'traslado')),
    ),
    ...children(impuestos, 'Retenciones').flatMap((g) =>
      children(g, 'Retencion').map((el) => read(el, 'retencion')),
    ),
  ];
}
