/** Pesos as people read them in Mexico ($12,345.67), from integer centavos. One formatter: building one costs more than formatting. */
const MXN = new Intl.NumberFormat('es-MX', { style: 'currency', currency: 'MXN' });

export const pesos = (centavos: number): string => MXN.format(centavos / 100);
