/**
 * The Alianza demo data set: the seed's five ejes and 22 acuerdos (one mesa each), their objectives
 * and metas, and the lists the crowd of seated people is built from. Published commitments of the
 * 2008 Alianza are used where they fit (27,000 escuelas rehabilitadas, 155,000 aulas equipadas y
 * conectadas, plazas por concurso nacional, evaluación universal cada tres años…); the rest is
 * plausible demo data. Deadlines are relative to the day the demo is loaded (`dueInYears`), so the
 * demo always looks current; an anchor notes the original 2012 horizon where the Alianza gave one.
 */

export interface DemoMeta {
  title: string;
  indicator: string;
  unit: string;
  baseline: number;
  target: number;
  /** Due on 31 December of the current year plus this many years. */
  dueInYears: number;
  responsible: string;
  normativeAnchor: string;
}

export interface DemoObjective {
  text: string;
  metas: DemoMeta[];
}

export interface DemoMesa {
  name: string;
  acuerdo: string;
  objectives: DemoObjective[];
}

export interface DemoEje {
  code: string;
  name: string;
  description: string;
  /** Eje coordinations seat 3 or 4 per side. */
  perSide: number;
  mesas: DemoMesa[];
}

const ACE = 'Alianza por la Calidad de la Educación, 15 de mayo de 2008';

export const ALLIANCE_COMMISSION = {
  code: 'CR',
  name: 'Comisión Rectora de la Alianza',
  description:
    'Órgano colegiado de máxima autoridad de la Alianza: coordina, aprueba y da seguimiento a las acciones ' +
    'para cumplir los acuerdos comprometidos. La integran igual número de miembros de la SEP y del SNTE.',
};

export const ALLIANCE_SECRETARIAT = {
  code: 'ST',
  name: 'Secretariado Técnico SEP-SNTE',
  description:
    'Lleva a la Comisión Rectora las síntesis ejecutivas de las coordinaciones de eje y envía las ' +
    'resoluciones de la Comisión a los coordinadores de eje para su seguimiento.',
};

export const ALLIANCE_EJES: DemoEje[] = [
  {
    code: 'I',
    name: 'Modernización de los Centros Educativos',
    description: 'Escuelas dignas, equipadas, conectadas y con gestión participativa.',
    perSide: 4,
    mesas: [
      {
        name: 'Infraestructura y equipamiento',
        acuerdo:
          'Rehabilitar y equipar los planteles en condiciones precarias y dotarlos de mobiliario básico, ' +
          'con prioridad para las escuelas de alta y muy alta marginación.',
        objectives: [
          {
            text: 'Abatir el rezago en infraestructura física de las escuelas públicas de educación básica.',
            metas: [
              {
                title: 'Rehabilitar 27,000 escuelas en condiciones precarias',
                indicator: 'Escuelas rehabilitadas (acumulado)',
                unit: 'escuelas',
                baseline: 0,
                target: 27000,
                dueInYears: 1,
                responsible:
                  'SEP · Instituto Nacional de la Infraestructura Física Educativa, con las autoridades educativas estatales',
                normativeAnchor: `${ACE}, eje I, infraestructura (horizonte original: 2012)`,
              },
            ],
          },
          {
            text: 'Dotar de mobiliario y equipo básico a los planteles rehabilitados.',
            metas: [
              {
                title: 'Escuelas rehabilitadas con mobiliario básico completo',
                indicator: 'Porcentaje de escuelas rehabilitadas con mobiliario básico completo',
                unit: '%',
                baseline: 35,
                target: 100,
                dueInYears: 1,
                responsible: 'SEP · Subsecretaría de Educación Básica y autoridades educativas estatales',
                normativeAnchor: `${ACE}, eje I, infraestructura y equipamiento`,
              },
            ],
          },
        ],
      },
      {
        name: 'Tecnologías de la información y la comunicación',
        acuerdo:
          'Equipar con computadoras y conectividad las aulas de educación básica para que tres de cada ' +
          'cuatro alumnos tengan acceso a internet en su escuela.',
        objectives: [
          {
            text: 'Conectar las aulas a internet, con equipo para alumnos y docentes.',
            metas: [
              {
                title: 'Equipar y conectar 155,000 aulas adicionales',
                indicator: 'Aulas equipadas y conectadas (acumulado)',
                unit: 'aulas',
                baseline: 0,
                target: 155000,
                dueInYears: 2,
                responsible: 'SEP · Subsecretaría de Educación Básica',
                normativeAnchor: `${ACE}, eje I, tecnologías de la información (horizonte original: 2012)`,
              },
              {
                title: 'Tres de cada cuatro alumnos en línea en su escuela',
                indicator: 'Porcentaje de alumnos de educación básica con acceso a internet en el aula',
                unit: '%',
                baseline: 28,
                target: 75,
                dueInYears: 2,
                responsible:
                  'SEP · Subsecretaría de Educación Básica, con las autoridades educativas estatales',
                normativeAnchor: `${ACE}, eje I, tecnologías de la información (horizonte original: 2012)`,
              },
            ],
          },
        ],
      },
      {
        name: 'Gestión y participación social (Escuelas de Calidad)',
        acuerdo:
          'Ampliar el Programa Escuelas de Calidad y constituir consejos escolares de participación social ' +
          'en todas las escuelas de educación básica.',
        objectives: [
          {
            text: 'Fortalecer la autonomía de gestión de las escuelas con planeación estratégica y recursos directos.',
            metas: [
              {
                title: 'Incorporar 50,000 escuelas al Programa Escuelas de Calidad',
                indicator: 'Escuelas incorporadas al Programa Escuelas de Calidad en el ciclo escolar',
                unit: 'escuelas',
                baseline: 39000,
                target: 50000,
                dueInYears: 1,
                responsible: 'SEP · Coordinación Nacional del Programa Escuelas de Calidad',
                normativeAnchor: `Reglas de Operación del Programa Escuelas de Calidad; ${ACE}, eje I`,
              },
            ],
          },
          {
            text: 'Poner en operación los consejos escolares de participación social.',
            metas: [
              {
                title: 'Consejos escolares de participación social instalados y sesionando',
                indicator: 'Porcentaje de escuelas con consejo escolar instalado que sesionó en el ciclo',
                unit: '%',
                baseline: 45,
                target: 95,
                dueInYears: 1,
                responsible:
                  'SEP · Secretaría Técnica del Consejo Nacional de Participación Social en la Educación',
                normativeAnchor:
                  'Ley General de Educación, disposiciones sobre participación social en la educación',
              },
            ],
          },
        ],
      },
      {
        name: 'Escuelas de tiempo completo',
        acuerdo:
          'Ampliar la jornada escolar en escuelas de educación básica, con prioridad en zonas urbanas ' +
          'marginadas y comunidades indígenas.',
        objectives: [
          {
            text: 'Extender el tiempo de aprendizaje con jornadas de seis a ocho horas.',
            metas: [
              {
                title: 'Operar 5,500 escuelas de tiempo completo',
                indicator: 'Escuelas de educación básica con jornada ampliada en operación',
                unit: 'escuelas',
                baseline: 500,
                target: 5500,
                dueInYears: 2,
                responsible: 'SEP · Dirección General de Desarrollo de la Gestión Educativa',
                normativeAnchor: `Reglas de Operación del Programa Escuelas de Tiempo Completo; ${ACE}, eje I`,
              },
            ],
          },
        ],
      },
      {
        name: 'Espacios escolares abiertos a la comunidad',
        acuerdo:
          'Abrir las escuelas fuera del horario de clase para actividades culturales, deportivas y de ' +
          'aprendizaje con la comunidad.',
        objectives: [
          {
            text: 'Aprovechar los planteles como centros comunitarios de aprendizaje.',
            metas: [
              {
                title: 'Escuelas con actividades comunitarias fuera del horario escolar',
                indicator: 'Escuelas que ofrecen actividades comunitarias al menos una vez por semana',
                unit: 'escuelas',
                baseline: 1200,
                target: 10000,
                dueInYears: 2,
                responsible: 'SEP · Subsecretaría de Educación Básica, con los gobiernos municipales',
                normativeAnchor: `${ACE}, eje I, modernización de los centros escolares`,
              },
            ],
          },
        ],
      },
      {
        name: 'Escuela segura',
        acuerdo:
          'Garantizar escuelas libres de violencia, delincuencia y adicciones, con la participación de ' +
          'madres y padres de familia y de las autoridades locales.',
        objectives: [
          {
            text: 'Prevenir la violencia y las adicciones en el entorno escolar.',
            metas: [
              {
                title: 'Escuelas incorporadas al Programa Escuela Segura',
                indicator: 'Escuelas públicas de educación básica incorporadas al programa',
                unit: 'escuelas',
                baseline: 12000,
                target: 37000,
                dueInYears: 1,
                responsible: 'SEP · Coordinación del Programa Escuela Segura, con las autoridades estatales',
                normativeAnchor: `Reglas de Operación del Programa Escuela Segura; ${ACE}, eje I`,
              },
            ],
          },
        ],
      },
    ],
  },
  {
    code: 'II',
    name: 'Maestros y Autoridades Educativas',
    description: 'Ingreso, promoción, formación, estímulos y profesionalización de maestros y autoridades.',
    perSide: 3,
    mesas: [
      {
        name: 'Ingreso al servicio por concurso nacional de oposición',
        acuerdo:
          'Asignar todas las plazas docentes de nueva creación y las vacantes definitivas mediante un ' +
          'concurso nacional público de oposición, convocado y dictaminado de manera independiente.',
        objectives: [
          {
            text: 'Que el mérito demostrado sea la única vía de ingreso al servicio docente.',
            metas: [
              {
                title: 'Todas las plazas nuevas asignadas por concurso nacional',
                indicator: 'Porcentaje de plazas docentes de nueva creación asignadas por concurso nacional',
                unit: '%',
                baseline: 30,
                target: 100,
                dueInYears: 1,
                responsible:
                  'SEP · Subsecretaría de Educación Básica, con el SNTE como observador del concurso',
                normativeAnchor: `${ACE}, eje II, ingreso y promoción`,
              },
            ],
          },
        ],
      },
      {
        name: 'Promoción a cargos de dirección y supervisión',
        acuerdo:
          'Ocupar los cargos de dirección y supervisión mediante concurso, con perfiles y referentes ' +
          'nacionales conocidos de antemano.',
        objectives: [
          {
            text: 'Transparentar la promoción a funciones directivas.',
            metas: [
              {
                title: 'Cargos de dirección y supervisión asignados por concurso',
                indicator: 'Porcentaje de cargos directivos vacantes asignados por concurso',
                unit: '%',
                baseline: 10,
                target: 100,
                dueInYears: 2,
                responsible: 'SEP · Subsecretaría de Educación Básica y autoridades educativas estatales',
                normativeAnchor: `${ACE}, eje II, ingreso y promoción`,
              },
            ],
          },
        ],
      },
      {
        name: 'Profesionalización y formación continua',
        acuerdo:
          'Constituir el Sistema Nacional de Formación Continua y Superación Profesional de Maestros en ' +
          'Servicio, con una oferta vinculada a los resultados de la evaluación.',
        objectives: [
          {
            text: 'Ofrecer trayectos formativos pertinentes y certificados a los docentes en servicio.',
            metas: [
              {
                title: 'Docentes que concluyen un trayecto formativo certificado',
                indicator: 'Porcentaje de docentes en servicio con un trayecto formativo concluido en el año',
                unit: '%',
                baseline: 20,
                target: 60,
                dueInYears: 1,
                responsible: 'SEP · Dirección General de Formación Continua de Maestros en Servicio',
                normativeAnchor: `${ACE}, eje II, profesionalización de los maestros`,
              },
            ],
          },
          {
            text: 'Fortalecer los centros de maestros como espacios de formación.',
            metas: [
              {
                title: 'Centros de maestros equipados y en operación',
                indicator: 'Centros de maestros con equipo y conectividad',
                unit: 'centros',
                baseline: 300,
                target: 574,
                dueInYears: 2,
                responsible: 'SEP · Dirección General de Formación Continua, con las autoridades estatales',
                normativeAnchor: `${ACE}, eje II, profesionalización de los maestros`,
              },
            ],
          },
        ],
      },
      {
        name: 'Formación inicial: reforma de las escuelas normales',
        acuerdo:
          'Reformar los planes de estudio de las escuelas normales y vincular su matrícula a las ' +
          'necesidades del sistema educativo.',
        objectives: [
          {
            text: 'Alinear la formación inicial con el currículo por competencias.',
            metas: [
              {
                title: 'Escuelas normales con plan de estudios reformado',
                indicator: 'Porcentaje de escuelas normales públicas que aplican el plan reformado',
                unit: '%',
                baseline: 0,
                target: 100,
                dueInYears: 2,
                responsible:
                  'SEP · Dirección General de Educación Superior para Profesionales de la Educación',
                normativeAnchor: `${ACE}, eje II, formación inicial`,
              },
            ],
          },
        ],
      },
      {
        name: 'Incentivos y estímulos',
        acuerdo:
          'Vincular los estímulos a los docentes con el aprovechamiento escolar de sus alumnos medido en ' +
          'las pruebas nacionales (Programa de Estímulos a la Calidad Docente).',
        objectives: [
          {
            text: 'Reconocer a los docentes y escuelas que mejoran el logro de sus alumnos.',
            metas: [
              {
                title: 'Estímulos a docentes ligados a los resultados de las pruebas nacionales',
                indicator: 'Porcentaje de estímulos asignados con base en la mejora del logro de los alumnos',
                unit: '%',
                baseline: 0,
                target: 100,
                dueInYears: 1,
                responsible: 'SEP · Subsecretaría de Educación Básica, con el SNTE',
                normativeAnchor: `Reglas del Programa de Estímulos a la Calidad Docente; ${ACE}, eje II`,
              },
            ],
          },
        ],
      },
      {
        name: 'Reforma de Carrera Magisterial',
        acuerdo:
          'Reformar los lineamientos de Carrera Magisterial para que el aprovechamiento escolar y la ' +
          'formación continua tengan el mayor peso en la evaluación.',
        objectives: [
          {
            text: 'Dar mayor peso al aprovechamiento escolar en la promoción horizontal.',
            metas: [
              {
                title: 'Peso del aprovechamiento escolar en la evaluación de Carrera Magisterial',
                indicator: 'Puntos del aprovechamiento escolar sobre el total de la evaluación',
                unit: '%',
                baseline: 20,
                target: 50,
                dueInYears: 1,
                responsible: 'Comisión Nacional SEP-SNTE de Carrera Magisterial',
                normativeAnchor: `Lineamientos Generales de Carrera Magisterial; ${ACE}, eje II`,
              },
            ],
          },
        ],
      },
      {
        name: 'Profesionalización de las autoridades educativas',
        acuerdo:
          'Establecer perfiles, concursos y evaluación para las autoridades educativas de nivel federal ' +
          'y estatal.',
        objectives: [
          {
            text: 'Designar a las autoridades educativas intermedias conforme a perfiles públicos.',
            metas: [
              {
                title: 'Autoridades educativas intermedias designadas conforme a perfil',
                indicator: 'Porcentaje de designaciones de mandos medios que cumplen el perfil publicado',
                unit: '%',
                baseline: 15,
                target: 80,
                dueInYears: 2,
                responsible: 'SEP · Oficialía Mayor, con las secretarías de educación estatales',
                normativeAnchor: `${ACE}, eje II, profesionalización de las autoridades educativas`,
              },
            ],
          },
        ],
      },
    ],
  },
  {
    code: 'III',
    name: 'Bienestar y Desarrollo Integral de los alumnos',
    description:
      'Salud, alimentación, condiciones sociales y becas para aprender y permanecer en la escuela.',
    perSide: 4,
    mesas: [
      {
        name: 'Salud, alimentación y nutrición',
        acuerdo:
          'Promover hábitos de alimentación saludable, regular los alimentos que se expenden en las ' +
          'escuelas y revisar periódicamente la salud de los alumnos.',
        objectives: [
          {
            text: 'Escuelas con entornos de alimentación saludable.',
            metas: [
              {
                title: 'Escuelas que aplican los lineamientos de alimentos y bebidas',
                indicator: 'Porcentaje de escuelas que cumplen los lineamientos en su cooperativa',
                unit: '%',
                baseline: 10,
                target: 90,
                dueInYears: 1,
                responsible: 'SEP y Secretaría de Salud, con las autoridades educativas estatales',
                normativeAnchor: `Lineamientos generales para el expendio de alimentos y bebidas en las escuelas; ${ACE}, eje III`,
              },
            ],
          },
          {
            text: 'Vigilar el estado de salud y nutrición de los alumnos.',
            metas: [
              {
                title: 'Alumnos con revisión de peso y talla en el ciclo escolar',
                indicator: 'Porcentaje de alumnos de primaria con revisión de peso y talla registrada',
                unit: '%',
                baseline: 25,
                target: 85,
                dueInYears: 1,
                responsible: 'Secretaría de Salud, con el apoyo de las escuelas',
                normativeAnchor: `${ACE}, eje III, salud, alimentación y nutrición`,
              },
            ],
          },
        ],
      },
      {
        name: 'Condiciones sociales para el acceso y la permanencia',
        acuerdo:
          'Mejorar las condiciones sociales para el acceso, la permanencia y el egreso oportuno, con ' +
          'atención focalizada a los alumnos en riesgo de abandono.',
        objectives: [
          {
            text: 'Reducir el abandono escolar en secundaria.',
            metas: [
              {
                title: 'Reducir la tasa de abandono escolar en secundaria',
                indicator: 'Tasa de abandono escolar en secundaria (ciclo escolar)',
                unit: '%',
                baseline: 6.8,
                target: 4.5,
                dueInYears: 2,
                responsible:
                  'SEP · Subsecretaría de Educación Básica, con las autoridades educativas estatales',
                normativeAnchor: `${ACE}, eje III, condiciones sociales para mejorar el acceso, permanencia y egreso`,
              },
            ],
          },
        ],
      },
      {
        name: 'Becas para alumnos de familias en pobreza',
        acuerdo:
          'Ampliar las becas para alumnos de familias en condiciones de pobreza y vincularlas con la ' +
          'asistencia y la permanencia escolar.',
        objectives: [
          {
            text: 'Que ningún alumno deje la escuela por falta de recursos.',
            metas: [
              {
                title: 'Alumnos de educación básica con beca',
                indicator: 'Becarios de educación básica de familias en pobreza',
                unit: 'miles de alumnos',
                baseline: 5100,
                target: 5800,
                dueInYears: 1,
                responsible: 'SEP y Secretaría de Desarrollo Social, coordinación del programa de becas',
                normativeAnchor: `Reglas de Operación del programa de becas de educación básica; ${ACE}, eje III`,
              },
            ],
          },
        ],
      },
      {
        name: 'Inclusión y atención a la diversidad',
        acuerdo:
          'Atender con servicios y materiales pertinentes a los alumnos con discapacidad, indígenas y ' +
          'de familias jornaleras migrantes.',
        objectives: [
          {
            text: 'Materiales educativos en lengua materna para las escuelas indígenas.',
            metas: [
              {
                title: 'Escuelas indígenas con materiales en lengua materna',
                indicator: 'Porcentaje de escuelas de educación indígena con materiales en su lengua',
                unit: '%',
                baseline: 40,
                target: 90,
                dueInYears: 2,
                responsible: 'SEP · Dirección General de Educación Indígena',
                normativeAnchor:
                  'Ley General de Derechos Lingüísticos de los Pueblos Indígenas; Alianza 2008, eje III',
              },
            ],
          },
        ],
      },
      {
        name: 'Activación física y deporte escolar',
        acuerdo:
          'Establecer la activación física diaria y el deporte escolar en todas las escuelas de ' +
          'educación básica.',
        objectives: [
          {
            text: 'Actividad física diaria como parte de la jornada escolar.',
            metas: [
              {
                title: 'Escuelas con activación física diaria',
                indicator: 'Porcentaje de escuelas que registran activación física diaria',
                unit: '%',
                baseline: 30,
                target: 100,
                dueInYears: 1,
                responsible: 'SEP · Comisión Nacional de Cultura Física y Deporte, con las escuelas',
                normativeAnchor: `${ACE}, eje III, bienestar y desarrollo integral de los alumnos`,
              },
            ],
          },
        ],
      },
    ],
  },
  {
    code: 'IV',
    name: 'Reforma curricular orientada al desarrollo de competencias y habilidades',
    description: 'Un currículo articulado por competencias, con materiales y formación para aplicarlo.',
    perSide: 3,
    mesas: [
      {
        name: 'Reforma curricular por competencias',
        acuerdo:
          'Reformar los planes y programas de preescolar, primaria y secundaria con un enfoque por ' +
          'competencias, articulados en un solo trayecto formativo.',
        objectives: [
          {
            text: 'Generalizar los programas por competencias en todos los grados de primaria.',
            metas: [
              {
                title: 'Grados de primaria con programa por competencias generalizado',
                indicator: 'Grados de primaria en los que el programa reformado se aplica en todo el país',
                unit: 'grados',
                baseline: 0,
                target: 6,
                dueInYears: 1,
                responsible: 'SEP · Dirección General de Desarrollo Curricular',
                normativeAnchor: `${ACE}, eje IV, reforma curricular`,
              },
            ],
          },
          {
            text: 'Preparar a los docentes para los nuevos programas.',
            metas: [
              {
                title: 'Docentes de primaria capacitados en los programas reformados',
                indicator:
                  'Porcentaje de docentes de primaria que concluyeron el curso de los nuevos programas',
                unit: '%',
                baseline: 10,
                target: 100,
                dueInYears: 1,
                responsible: 'SEP · Dirección General de Formación Continua de Maestros en Servicio',
                normativeAnchor: `${ACE}, eje IV, reforma curricular`,
              },
            ],
          },
        ],
      },
      {
        name: 'Materiales educativos para el nuevo currículo',
        acuerdo:
          'Renovar los libros de texto gratuitos y los materiales educativos de acuerdo con el currículo ' +
          'por competencias, incluida la enseñanza del inglés.',
        objectives: [
          {
            text: 'Libros de texto alineados a los programas reformados.',
            metas: [
              {
                title: 'Títulos de libros de texto gratuitos renovados',
                indicator: 'Títulos renovados y distribuidos conforme a los programas por competencias',
                unit: 'títulos',
                baseline: 0,
                target: 120,
                dueInYears: 2,
                responsible:
                  'SEP · Dirección General de Materiales Educativos y Comisión Nacional de Libros de Texto Gratuitos',
                normativeAnchor: `${ACE}, eje IV, reforma curricular`,
              },
            ],
          },
        ],
      },
    ],
  },
  {
    code: 'V',
    name: 'Evaluar para Mejorar',
    description:
      'Evaluación universal de docentes y del logro de los alumnos, con resultados que orientan la mejora.',
    perSide: 3,
    mesas: [
      {
        name: 'Evaluación universal de docentes y directivos',
        acuerdo:
          'Evaluar obligatoriamente a todos los actores del proceso educativo cada tres años con ' +
          'referentes nacionales, y vincular los resultados con la formación continua.',
        objectives: [
          {
            text: 'Que todo docente en servicio sea evaluado en cada ciclo trienal.',
            metas: [
              {
                title: 'Evaluación universal de docentes cada 3 años',
                indicator: 'Porcentaje de docentes en servicio evaluados en el ciclo trienal vigente',
                unit: '%',
                baseline: 0,
                target: 100,
                dueInYears: 2,
                responsible: 'SEP · Subsecretaría de Educación Básica, con el SNTE',
                normativeAnchor: `${ACE}, eje V; Acuerdo para la Evaluación Universal de Docentes y Directivos en Servicio de Educación Básica`,
              },
            ],
          },
        ],
      },
      {
        name: 'Evaluación del logro educativo (ENLACE) y uso de resultados',
        acuerdo:
          'Aplicar cada año la Evaluación Nacional del Logro Académico en Centros Escolares (ENLACE) y ' +
          'difundir sus resultados por escuela para orientar la mejora.',
        objectives: [
          {
            text: 'Que cada escuela use sus resultados para planear su mejora.',
            metas: [
              {
                title: 'Escuelas con plan de mejora basado en sus resultados de ENLACE',
                indicator: 'Porcentaje de escuelas con plan de mejora que cita sus resultados',
                unit: '%',
                baseline: 15,
                target: 80,
                dueInYears: 1,
                responsible: 'SEP · Unidad de Planeación y Evaluación de Políticas Educativas',
                normativeAnchor: `${ACE}, eje V, evaluar para mejorar`,
              },
              {
                title: 'Reducir los alumnos en nivel insuficiente en matemáticas',
                indicator: 'Porcentaje de alumnos de primaria en nivel insuficiente en matemáticas (ENLACE)',
                unit: '%',
                baseline: 30,
                target: 20,
                dueInYears: 2,
                responsible:
                  'SEP · Subsecretaría de Educación Básica, con las autoridades educativas estatales',
                normativeAnchor: `${ACE}, eje V, evaluar para mejorar`,
              },
            ],
          },
        ],
      },
    ],
  },
];

/** The crowd's names: deterministic combinations of common Mexican first names and surnames. */
export const FIRST_NAMES = [
  'María',
  'José',
  'Guadalupe',
  'Juan',
  'Verónica',
  'Francisco',
  'Patricia',
  'Miguel',
  'Leticia',
  'Jorge',
  'Rosa',
  'Luis',
  'Adriana',
  'Alejandro',
  'Gabriela',
  'Ricardo',
  'Elena',
  'Roberto',
  'Lucía',
  'Fernando',
  'Teresa',
  'Javier',
  'Claudia',
  'Arturo',
  'Norma',
  'Raúl',
  'Silvia',
  'Héctor',
  'Laura',
  'Sergio',
  'Martha',
  'Eduardo',
  'Alicia',
  'Armando',
  'Beatriz',
  'Rafael',
  'Yolanda',
  'Enrique',
  'Irma',
  'Óscar',
  'Carmen',
  'Gerardo',
];

export const SURNAMES = [
  'Hernández',
  'García',
  'Martínez',
  'López',
  'González',
  'Pérez',
  'Rodríguez',
  'Sánchez',
  'Ramírez',
  'Cruz',
  'Flores',
  'Gómez',
  'Morales',
  'Vázquez',
  'Reyes',
  'Jiménez',
  'Torres',
  'Díaz',
  'Gutiérrez',
  'Ruiz',
  'Mendoza',
  'Aguilar',
  'Ortiz',
  'Moreno',
  'Castillo',
  'Romero',
  'Álvarez',
  'Méndez',
  'Chávez',
  'Rivera',
  'Juárez',
  'Ramos',
  'Domínguez',
  'Herrera',
  'Medina',
  'Castro',
  'Vargas',
  'Guzmán',
  'Velázquez',
  'Salazar',
  'Zúñiga',
  'Cervantes',
];
