/**
 * Made-up CFDI 4.0 e-invoices for the demo and the tests: invented suppliers, certificate numbers,
 * seals and UUIDs, shaped like a real stamped invoice (one concept, 16 % IVA transferred) so they
 * go through the same validation as a real one. Not a fiscal document.
 */

export interface SampleCfdi {
  uuid: string;
  /** 'YYYY-MM-DDTHH:mm:ss', local time of issue. */
  issuedAt: string;
  emisor: { rfc: string; name: string };
  receptor?: { rfc: string; name: string };
  description: string;
  /** Before tax, in centavos. */
  subtotal: number;
  /** Clave de producto o servicio (SAT catalogue). */
  productKey?: string;
}

const fixed = (centavos: number) =>
  `${Math.trunc(centavos / 100)}.${String(centavos % 100).padStart(2, '0')}`;
const xml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fakeSeal = (seed: string) => Buffer.from(`sello-de-demostracion-${seed}`).toString('base64');

/** The total a sample invoice will carry: subtotal plus 16 % IVA, rounded to the centavo. */
export const sampleTotal = (subtotal: number) => subtotal + Math.round(subtotal * 0.16);

export function sampleCfdi(s: SampleCfdi): string {
  const iva = Math.round(s.subtotal * 0.16);
  const total = s.subtotal + iva;
  const receptor = s.receptor ?? { rfc: 'XAXX010101000', name: 'PUBLICO EN GENERAL' };
  // Stamped by the certification provider a minute and a half after issue.
  const stampedAt = new Date(Date.parse(`${s.issuedAt}Z`) + 90_000).toISOString().slice(0, 19);
  return `<?xml version="1.0" encoding="UTF-8"?>
<cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/4" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.sat.gob.mx/cfd/4 http://www.sat.gob.mx/sitio_internet/cfd/4/cfdv40.xsd" Version="4.0" Serie="D" Folio="${s.uuid.slice(0, 4).toUpperCase()}" Fecha="${s.issuedAt}" Sello="${fakeSeal(s.uuid)}" FormaPago="03" NoCertificado="30001000000500003416" Certificado="${fakeSeal('certificado')}" SubTotal="${fixed(s.subtotal)}" Moneda="MXN" Total="${fixed(total)}" TipoDeComprobante="I" Exportacion="01" MetodoPago="PUE" LugarExpedicion="62000">
  <cfdi:Emisor Rfc="${xml(s.emisor.rfc)}" Nombre="${xml(s.emisor.name)}" RegimenFiscal="601"/>
  <cfdi:Receptor Rfc="${xml(receptor.rfc)}" Nombre="${xml(receptor.name)}" DomicilioFiscalReceptor="62000" RegimenFiscalReceptor="616" UsoCFDI="S01"/>
  <cfdi:Conceptos>
    <cfdi:Concepto ClaveProdServ="${s.productKey ?? '14111514'}" Cantidad="1" ClaveUnidad="E48" Unidad="Servicio" Descripcion="${xml(s.description)}" ValorUnitario="${fixed(s.subtotal)}" Importe="${fixed(s.subtotal)}" ObjetoImp="02">
      <cfdi:Impuestos>
        <cfdi:Traslados>
          <cfdi:Traslado Base="${fixed(s.subtotal)}" Impuesto="002" TipoFactor="Tasa" TasaOCuota="0.160000" Importe="${fixed(iva)}"/>
        </cfdi:Traslados>
      </cfdi:Impuestos>
    </cfdi:Concepto>
  </cfdi:Conceptos>
  <cfdi:Impuestos TotalImpuestosTrasladados="${fixed(iva)}">
    <cfdi:Traslados>
      <cfdi:Traslado Base="${fixed(s.subtotal)}" Impuesto="002" TipoFactor="Tasa" TasaOCuota="0.160000" Importe="${fixed(iva)}"/>
    </cfdi:Traslados>
  </cfdi:Impuestos>
  <cfdi:Complemento>
    <tfd:TimbreFiscalDigital xmlns:tfd="http://www.sat.gob.mx/TimbreFiscalDigital" Version="1.1" UUID="${s.uuid}" FechaTimbrado="${stampedAt}" RfcProvCertif="PCE1906139Z0" SelloCFD="${fakeSeal(s.uuid)}" NoCertificadoSAT="30001000000500003456" SelloSAT="${fakeSeal(`sat-${s.uuid}`)}"/>
  </cfdi:Complemento>
</cfdi:Comprobante>
`;
}
