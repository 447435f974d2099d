import type { Role } from '../../contract/roles.ts';

export const DEMO_PASSWORD = 'calidad-demo-2026';

interface DemoSchool {
  cct: string;
  name: string;
  municipality: string;
}
interface DemoZone {
  code: string;
  name: string;
  schools: DemoSchool[];
}
interface DemoSector {
  code: string;
  name: string;
  zones: DemoZone[];
}
export interface DemoState {
  code: string;
  municipalities: { code: string; name: string }[];
  sectors: DemoSector[];
}

/** Two states with a small supervision tree each; the others have no schools in the demo. */
export const DEMO_STATES: DemoState[] = [
  {
    code: '14',
    municipalities: [
      { code: '039', name: 'Guadalajara' },
      { code: '120', name: 'Zapopan' },
      { code: '097', name: 'Tlajomulco de Zúñiga' },
      { code: '063', name: 'Ixtlahuacán del Río' },
    ],
    sectors: [
      {
        code: '01',
        name: 'Jefatura de Sector 01 Guadalajara',
        zones: [
          {
            code: '001',
            name: 'Zona Escolar 001 Guadalajara Centro',
            schools: [
              { cct: '14DPR0001A', name: 'Escuela Primaria Benito Juárez', municipality: '039' },
              { cct: '14DPR0002Z', name: 'Escuela Primaria Josefa Ortiz de Domínguez', municipality: '039' },
              { cct: '14DJN0003Y', name: 'Jardín de Niños Federico Froebel', municipality: '039' },
            ],
          },
          {
            code: '002',
            name: 'Zona Escolar 002 Zapopan',
            schools: [
              { cct: '14DPR0004X', name: 'Escuela Primaria Miguel Hidalgo y Costilla', municipality: '120' },
              { cct: '14DES0005W', name: 'Escuela Secundaria General Núm. 12', municipality: '120' },
            ],
          },
        ],
      },
      {
        code: '02',
        name: 'Jefatura de Sector 02 Altos y Norte',
        zones: [
          {
            code: '015',
            name: 'Zona Escolar 015 Tlajomulco',
            schools: [
              { cct: '14DPR0006V', name: 'Escuela Primaria Sor Juana Inés de la Cruz', municipality: '097' },
              { cct: '14DTV0007U', name: 'Telesecundaria Lázaro Cárdenas', municipality: '097' },
            ],
          },
          {
            code: '016',
            name: 'Zona Escolar 016 Ixtlahuacán',
            schools: [
              { cct: '14DPB0008T', name: 'Escuela Primaria Indígena Wixárika', municipality: '063' },
              { cct: '14DPR0009S', name: 'Escuela Primaria Rural Emiliano Zapata', municipality: '063' },
            ],
          },
        ],
      },
    ],
  },
  {
    code: '17',
    municipalities: [
      { code: '007', name: 'Cuernavaca' },
      { code: '006', name: 'Cuautla' },
    ],
    sectors: [
      {
        code: '01',
        name: 'Jefatura de Sector 01 Cuernavaca',
        zones: [
          {
            code: '004',
            name: 'Zona Escolar 004 Cuernavaca',
            schools: [
              { cct: '17DPR0101K', name: 'Escuela Primaria Ignacio Zaragoza', municipality: '007' },
              { cct: '17DJN0102J', name: 'Jardín de Niños Leona Vicario', municipality: '007' },
            ],
          },
          {
            code: '009',
            name: 'Zona Escolar 009 Cuautla',
            schools: [
              { cct: '17DPR0103I', name: 'Escuela Primaria Vicente Guerrero', municipality: '006' },
              { cct: '17DES0104H', name: 'Escuela Secundaria General Cuautla', municipality: '006' },
            ],
          },
        ],
      },
    ],
  },
];

/** Where each demo user sits: a unit given by its codes from the state down. */
export interface DemoUser {
  email: string;
  name: string;
  role: Role;
  at: { state?: string; sector?: string; zone?: string; school?: string };
}

export const DEMO_USERS: DemoUser[] = [
  { email: 'admin@demo.calidad.mx', name: 'Alejandra Admin Ruiz', role: 'platform_admin', at: {} },
  { email: 'nacional@demo.calidad.mx', name: 'Norberto Nacional Vega', role: 'national_coordinator', at: {} },
  {
    email: 'estatal.jal@demo.calidad.mx',
    name: 'Estela Jalisco Ramírez',
    role: 'state_coordinator',
    at: { state: '14' },
  },
  {
    email: 'estatal.mor@demo.calidad.mx',
    name: 'Mario Morelos Salgado',
    role: 'state_coordinator',
    at: { state: '17' },
  },
  {
    email: 'sector@demo.calidad.mx',
    name: 'Sergio Sector López',
    role: 'sector_head',
    at: { state: '14', sector: '01' },
  },
  {
    email: 'supervisor@demo.calidad.mx',
    name: 'Sofía Supervisora Méndez',
    role: 'zone_supervisor',
    at: { state: '14', sector: '01', zone: '001' },
  },
  {
    email: 'director@demo.calidad.mx',
    name: 'Diego Director Hernández',
    role: 'school_director',
    at: { state: '14', sector: '01', zone: '001', school: '14DPR0001A' },
  },
  {
    email: 'supervisor.zapopan@demo.calidad.mx',
    name: 'Rebeca Lomelí Esparza',
    role: 'zone_supervisor',
    at: { state: '14', sector: '01', zone: '002' },
  },
  {
    email: 'director.zapopan@demo.calidad.mx',
    name: 'Manuel Preciado Ruiz',
    role: 'school_director',
    at: { state: '14', sector: '01', zone: '002', school: '14DPR0004X' },
  },
  {
    email: 'director.secundaria@demo.calidad.mx',
    name: 'Arturo Vázquez Solís',
    role: 'school_director',
    at: { state: '14', sector: '01', zone: '002', school: '14DES0005W' },
  },
  {
    email: 'director.telesecundaria@demo.calidad.mx',
    name: 'Hugo Camarena Villa',
    role: 'school_director',
    at: { state: '14', sector: '02', zone: '015', school: '14DTV0007U' },
  },
  {
    email: 'director.wixarika@demo.calidad.mx',
    name: 'Tomás Carrillo de la Cruz',
    role: 'school_director',
    at: { state: '14', sector: '02', zone: '016', school: '14DPB0008T' },
  },
  {
    email: 'director.morelos@demo.calidad.mx',
    name: 'Raúl Ocampo Salgado',
    role: 'school_director',
    at: { state: '17', sector: '01', zone: '004', school: '17DPR0101K' },
  },
  // Cuautla (Morelos): the demo's school whose year is closed, with its accountability report.
  {
    email: 'supervisor.cuautla@demo.calidad.mx',
    name: 'Guadalupe Rendón Ayala',
    role: 'zone_supervisor',
    at: { state: '17', sector: '01', zone: '009' },
  },
  {
    email: 'director.cuautla@demo.calidad.mx',
    name: 'Lucía Ortega Bahena',
    role: 'school_director',
    at: { state: '17', sector: '01', zone: '009', school: '17DES0104H' },
  },
  {
    email: 'consejo.cuautla@demo.calidad.mx',
    name: 'Efraín Sandoval Pliego',
    role: 'parent',
    at: { state: '17', sector: '01', zone: '009', school: '17DES0104H' },
  },
  {
    email: 'docente@demo.calidad.mx',
    name: 'Daniela Docente García',
    role: 'teacher',
    at: { state: '14', sector: '01', zone: '001', school: '14DPR0001A' },
  },
  {
    email: 'padre@demo.calidad.mx',
    name: 'Pedro Padre Martínez',
    role: 'parent',
    at: { state: '14', sector: '01', zone: '001', school: '14DPR0001A' },
  },
  {
    email: 'evaluador@demo.calidad.mx',
    name: 'Eva Evaluadora Torres',
    role: 'external_evaluator',
    at: { state: '14' },
  },
  { email: 'auditor@demo.calidad.mx', name: 'Aurelio Auditor Núñez', role: 'auditor', at: {} },
];

/** A named Alianza login: seated on one body, with no org role (Alianza permissions follow seats). */
export interface DemoAllianceUser {
  email: string;
  name: string;
  /** The body's code: 'CR', 'ST', an eje ('I') or a mesa ('I.1'). */
  body: string;
  side: 'sep' | 'snte';
  position: 'coordinator' | 'technical_secretary' | 'member';
  /** What the first-start banner prints beside the login. */
  label: string;
}

export const DEMO_ALLIANCE_USERS: DemoAllianceUser[] = [
  {
    email: 'secretariado@demo.calidad.mx',
    name: 'Silvia Secretariado Ortega',
    body: 'ST',
    side: 'sep',
    position: 'technical_secretary',
    label: 'Alianza: Secretariado Técnico, secretaria técnica (SEP)',
  },
  {
    email: 'comision.sep@demo.calidad.mx',
    name: 'Carlos Comisión Beltrán',
    body: 'CR',
    side: 'sep',
    position: 'coordinator',
    label: 'Alianza: Comisión Rectora, coordinador (SEP)',
  },
  {
    email: 'comision.snte@demo.calidad.mx',
    name: 'Claudia Comisión Ávila',
    body: 'CR',
    side: 'snte',
    position: 'technical_secretary',
    label: 'Alianza: Comisión Rectora, secretaria técnica (SNTE)',
  },
  {
    email: 'eje1@demo.calidad.mx',
    name: 'Ernesto Eje Lara',
    body: 'I',
    side: 'sep',
    position: 'coordinator',
    label: 'Alianza: coordinador del eje I (SEP)',
  },
  {
    email: 'mesa1@demo.calidad.mx',
    name: 'Marisol Mesa Ibarra',
    body: 'I.1',
    side: 'sep',
    position: 'coordinator',
    label: 'Alianza: coordinadora de la mesa I.1 (SEP)',
  },
  {
    email: 'mesa1.snte@demo.calidad.mx',
    name: 'Manuel Mesa Ochoa',
    body: 'I.1',
    side: 'snte',
    position: 'member',
    label: 'Alianza: integrante de la mesa I.1 (SNTE)',
  },
  {
    email: 'mesa2@demo.calidad.mx',
    name: 'Mónica Mesa Fuentes',
    body: 'II.1',
    side: 'snte',
    position: 'coordinator',
    label: 'Alianza: coordinadora de la mesa II.1 (SNTE)',
  },
];
