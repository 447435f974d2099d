import type { Locale } from '../../../contract/roles.ts';

type Params = Record<string, string | number>;
type Message = { es: string; en: string };

/**
 * Every error the API can return, by stable code, in both languages. The title is short; the
 * detail may use {placeholders} filled from the error's params.
 */
export const MESSAGES = {
  bad_request: { es: 'La solicitud no es válida.', en: 'The request is not valid.' },
  validation_failed: {
    es: 'Algunos datos no son válidos. Revise los campos señalados.',
    en: 'Some of the data is not valid. Check the fields indicated.',
  },
  malformed_json: {
    es: 'El cuerpo de la solicitud no es JSON válido.',
    en: 'The request body is not valid JSON.',
  },
  body_too_large: {
    es: 'La solicitud es demasiado grande (máximo {limit} bytes).',
    en: 'The request is too large (at most {limit} bytes).',
  },
  unsupported_media_type: {
    es: 'Envíe los datos como application/json.',
    en: 'Send the data as application/json.',
  },
  unauthenticated: { es: 'Inicie sesión para continuar.', en: 'Sign in to continue.' },
  session_expired: {
    es: 'Su sesión terminó por inactividad. Inicie sesión de nuevo.',
    en: 'Your session ended after a period of inactivity. Sign in again.',
  },
  invalid_credentials: {
    es: 'El correo o la contraseña no son correctos.',
    en: 'The e-mail or the password is not correct.',
  },
  account_disabled: {
    es: 'Esta cuenta está desactivada. Consulte a su coordinación.',
    en: 'This account is disabled. Ask your coordination office.',
  },
  account_locked: {
    es: 'Demasiados intentos fallidos para esta cuenta. Intente de nuevo en {minutes} minutos o restablezca su contraseña.',
    en: 'Too many failed attempts for this account. Try again in {minutes} minutes or reset your password.',
  },
  ip_throttled: {
    es: 'Demasiados intentos de inicio de sesión desde su red. Intente de nuevo en {minutes} minutos.',
    en: 'Too many sign-in attempts from your network. Try again in {minutes} minutes.',
  },
  csrf_failed: {
    es: 'La solicitud no trae un token de seguridad válido. Recargue la página e intente de nuevo.',
    en: 'The request lacks a valid security token. Reload the page and try again.',
  },
  forbidden: {
    es: 'No tiene permiso para realizar esta acción.',
    en: 'You do not have permission to do this.',
  },
  out_of_scope: {
    es: 'Esta acción está fuera de su ámbito de responsabilidad.',
    en: 'This action is outside your area of responsibility.',
  },
  not_found: { es: 'No se encontró lo que buscaba.', en: 'What you were looking for was not found.' },
  route_not_found: { es: 'No existe la ruta {method} {url}.', en: 'There is no route {method} {url}.' },
  wrong_password: { es: 'La contraseña actual no es correcta.', en: 'The current password is not correct.' },
  token_invalid: {
    es: 'El enlace no es válido o ya venció. Solicite uno nuevo.',
    en: 'The link is not valid or has expired. Ask for a new one.',
  },
  email_taken: {
    es: 'Ya existe un usuario con el correo {email}.',
    en: 'A user with the e-mail {email} already exists.',
  },
  role_not_grantable: {
    es: 'Con sus funciones no puede otorgar la función «{role}».',
    en: 'Your roles do not allow you to grant the role "{role}".',
  },
  role_unit_mismatch: {
    es: 'La función «{role}» no se asigna a una unidad de tipo «{kind}».',
    en: 'The role "{role}" cannot be granted on a unit of kind "{kind}".',
  },
  assignment_exists: {
    es: 'El usuario ya tiene esa función en esa unidad.',
    en: 'The user already holds that role on that unit.',
  },
  unit_kind_mismatch: {
    es: 'Una unidad de tipo «{kind}» no puede colgar de una de tipo «{parentKind}».',
    en: 'A unit of kind "{kind}" cannot hang from one of kind "{parentKind}".',
  },
  unit_code_taken: {
    es: 'Ya existe una unidad con la clave {code} en ese lugar.',
    en: 'A unit with the code {code} already exists there.',
  },
  cannot_disable_self: {
    es: 'No puede desactivar su propia cuenta.',
    en: 'You cannot disable your own account.',
  },
  file_too_large: {
    es: 'El archivo es demasiado grande (máximo {max} bytes).',
    en: 'The file is too large (at most {max} bytes).',
  },
  unsupported_file: {
    es: 'Suba el catálogo como archivo CSV o XLSX.',
    en: 'Upload the catalog as a CSV or XLSX file.',
  },
  import_not_ready: {
    es: 'Esta importación no se puede aplicar en su estado actual ({status}).',
    en: 'This import cannot be applied in its current state ({status}).',
  },
  import_staged_rows_lost: {
    es: 'Los datos revisados de esta importación ya no están completos (el servidor de base de datos se reinició). No se cambió nada: suba el archivo de nuevo para revisarlo.',
    en: "This import's checked rows are no longer complete (the database server restarted). Nothing was changed: upload the file again to check it.",
  },
  import_scope_ambiguous: {
    es: 'Indique la entidad para la que importa el catálogo.',
    en: 'Say which state you are importing the catalog for.',
  },
  workflow_action_invalid: {
    es: 'La acción «{action}» no se puede realizar en el estado actual ({state}).',
    en: 'The action "{action}" cannot be taken in the current state ({state}).',
  },
  workflow_stale: {
    es: 'Alguien más actuó sobre este asunto mientras usted lo veía. Recargue la página para ver su estado actual.',
    en: 'Someone else acted on this item while you were viewing it. Reload the page to see its current state.',
  },
  workflow_comment_required: {
    es: 'Esta acción requiere observaciones o un comentario que la explique.',
    en: 'This action needs observations or a comment explaining it.',
  },
  alliance_code_taken: {
    es: 'Ya hay un eje o una mesa con la clave {code} en ese lugar de la Alianza. Elija otra clave.',
    en: 'There is already an eje or a mesa with the code {code} there. Choose another code.',
  },
  alliance_parent_kind: {
    es: 'Ese tipo de registro ({kind}) no corresponde a este órgano de la Alianza.',
    en: 'That kind of record ({kind}) does not belong on this Alianza body.',
  },
  alliance_dates: {
    es: 'La fecha de término debe ser posterior a la de inicio.',
    en: 'The end date must come after the start date.',
  },
  alliance_name_required: {
    es: 'Ese correo no tiene cuenta todavía: escriba también el nombre de la persona para invitarla.',
    en: "That e-mail has no account yet: give the person's name as well to invite them.",
  },
  alliance_seat_exists: {
    es: 'Esa persona ya ocupa un lugar vigente en este órgano.',
    en: 'That person already holds a current seat on this body.',
  },
  alliance_deliverable_mismatch: {
    es: 'La entrega indicada no pertenece a esta mesa.',
    en: 'The deliverable given does not belong to this mesa.',
  },
  alliance_document_locked: {
    es: 'El documento no se puede modificar en su estado actual ({state}); solo se edita en borrador o devuelto.',
    en: 'The document cannot be changed in its current state ({state}); it is edited only as a draft or when returned.',
  },
  alliance_document_not_validated: {
    es: 'Una síntesis ejecutiva solo reúne documentos validados por la coordinación del eje.',
    en: 'An executive synthesis bundles only documents validated by the eje coordination.',
  },
  alliance_meeting_not_commission: {
    es: 'El asunto debe agendarse en una sesión de la Comisión Rectora.',
    en: 'The item must be placed on a session of the Comisión Rectora.',
  },
  alliance_meeting_closed: {
    es: 'Esa sesión ya no admite asuntos en el orden del día.',
    en: 'That session no longer takes items on its agenda.',
  },
  alliance_meeting_not_held: {
    es: 'Primero registre la asistencia: la sesión debe haberse celebrado con quórum.',
    en: 'Take attendance first: the session must have been held with a quorum.',
  },
  alliance_plenary_eje: {
    es: 'Solo una coordinación de eje convoca sesiones plenarias.',
    en: 'Only an eje coordination convenes plenary sessions.',
  },
  alliance_not_invited: {
    es: 'Esa persona no está convocada a esta sesión.',
    en: 'That person is not invited to this session.',
  },
  alliance_parity_broken: {
    es: 'El órgano no guarda la paridad (SEP {sep}, SNTE {snte}): no puede sesionar para decidir hasta equilibrarse.',
    en: 'The body is not balanced (SEP {sep}, SNTE {snte}): it cannot hold a decision-making session until it is.',
  },
  alliance_quorum_missing: {
    es: 'No hay quórum: deben estar presentes integrantes de ambas partes (presentes: SEP {sep}, SNTE {snte}).',
    en: 'No quorum: members of both sides must be present (present: SEP {sep}, SNTE {snte}).',
  },
  alliance_meta_fixed: {
    es: 'La meta ya fue aprobada y no se modifica; retírela y proponga otra.',
    en: 'The meta has been approved and cannot be changed; retire it and propose another.',
  },
  alliance_meta_incomplete: {
    es: 'La meta no se puede aprobar: le falta {fields}.',
    en: 'The meta cannot be approved: it lacks {fields}.',
  },
  alliance_meta_not_approved: {
    es: 'Solo se reporta avance de metas aprobadas.',
    en: 'Progress is reported only on approved metas.',
  },
  alliance_objective_mismatch: {
    es: 'El objetivo indicado no pertenece a esta mesa.',
    en: 'The objective given does not belong to this mesa.',
  },
  alliance_observation_body: {
    es: 'Cada observación debe dirigirse a una mesa del eje que presentó la síntesis.',
    en: 'Each observation must be addressed to a mesa of the eje that sent the synthesis.',
  },
  alliance_supersedes_unknown: {
    es: 'La resolución que se pretende sustituir no existe.',
    en: 'The resolution to be superseded does not exist.',
  },
  alliance_decision_parity: {
    es: 'La Comisión Rectora no guarda la paridad entre SEP y SNTE: no puede decidir.',
    en: 'The Comisión Rectora is not balanced between SEP and SNTE: it cannot decide.',
  },
  alliance_decision_quorum: {
    es: 'La sesión no tuvo quórum de ambas partes: no puede decidir.',
    en: 'The session lacked a quorum of both sides: it cannot decide.',
  },
  alliance_decision_no_agreement: {
    es: 'Sin el acuerdo de ambas partes (SEP y SNTE) no se puede aprobar: el método es el consenso.',
    en: 'Without both sides (SEP and SNTE) agreeing it cannot be approved: the method is consensus.',
  },
  alliance_decision_observations_required: {
    es: 'Aprobar con observaciones requiere al menos una observación.',
    en: 'Approving with observations needs at least one observation.',
  },
  alliance_resolution_immutable: {
    es: 'Una resolución numerada no se modifica. Para cambiarla, la Comisión Rectora emite una nueva que la sustituya.',
    en: 'A numbered resolution is never edited. To change it, the Comisión Rectora issues a new one that supersedes it.',
  },
  rules_invalid: {
    es: 'Las reglas de operación no son consistentes. Revise los puntos señalados.',
    en: 'The rules of operation are not consistent. Check the points indicated.',
  },
  rules_stale: {
    es: 'Alguien más guardó este borrador mientras usted lo editaba. Recargue para ver la versión actual; sus cambios siguen en pantalla.',
    en: 'Someone else saved this draft while you were editing it. Reload to see the current version; your changes are still on screen.',
  },
  rules_no_draft: {
    es: 'No hay un borrador que publicar.',
    en: 'There is no draft to publish.',
  },
  rules_reason_required: {
    es: 'Una corrección de una versión ya publicada necesita su motivo.',
    en: 'A correction of a published version needs its reason.',
  },
  rules_not_published: {
    es: 'Las reglas de operación federales de este ciclo aún no se publican.',
    en: 'The federal rules of operation for this cycle have not been published yet.',
  },
  rules_year_mismatch: {
    es: 'El documento corresponde al ciclo {given}, no al {cycle}.',
    en: 'The document belongs to cycle {given}, not {cycle}.',
  },
  rules_cycle_exists: {
    es: 'Ya existe el ciclo {schoolYear}.',
    en: 'Cycle {schoolYear} already exists.',
  },
  rules_out_of_bounds: {
    es: 'La adecuación estatal sale de los límites de las reglas federales ({count} punto(s)). Revise cada regla señalada.',
    en: 'The state adaptation leaves the bounds of the federal rules ({count} point(s)). Check each rule indicated.',
  },
  rules_not_a_state: {
    es: 'La adecuación se hace para una entidad federativa.',
    en: 'An adaptation is made for a state.',
  },
  deadline_passed: {
    es: 'El plazo de {deadline_es} venció el {date}. Solo {grantor_es} puede otorgar una prórroga.',
    en: 'The deadline for {deadline_en} passed on {date}. Only {grantor_en} can grant an extension.',
  },
  extension_unit_kind: {
    es: 'Las prórrogas se otorgan a una escuela, una zona o un sector.',
    en: 'Extensions are granted to a school, a zone or a sector.',
  },
  extension_date: {
    es: 'La prórroga debe extender el plazo: elija una fecha posterior al {date}.',
    en: 'The extension must move the deadline later: choose a date after {date}.',
  },
  planning_conflict: {
    es: 'Alguien más cambió {count} parte(s) de este plan mientras usted editaba. Sus cambios siguen en pantalla: revise cada una y elija qué conservar.',
    en: 'Someone else changed {count} part(s) of this plan while you were editing. Your changes are still on screen: review each and choose what to keep.',
  },
  planning_invalid: {
    es: 'Algunos cambios no se pudieron aplicar. Revise los puntos señalados; no se guardó ninguno.',
    en: 'Some changes could not be applied. Check the points indicated; none were saved.',
  },
  planning_locked: {
    es: 'El plan está en revisión o aprobado: no se edita ahora. Un plan aprobado solo cambia mediante una adecuación con su motivo.',
    en: 'The plan is under review or approved: it cannot be edited now. An approved plan changes only through an amendment with its reason.',
  },
  planning_stale: {
    es: 'El plan cambió desde que usted lo abrió (versión {current}). Recargue para ver la versión actual antes de enviarlo.',
    en: 'The plan changed since you opened it (revision {current}). Reload to see the current version before sending it.',
  },
  planning_not_registered: {
    es: 'La escuela no está registrada en este ciclo del programa.',
    en: 'The school is not registered in this cycle of the programme.',
  },
  planning_incomplete: {
    es: 'El plan no se puede enviar todavía: faltan {count} punto(s). Revise la lista.',
    en: 'The plan cannot be sent yet: {count} point(s) are missing. Check the list.',
  },
  planning_observations_required: {
    es: 'Devolver o aprobar con observaciones requiere al menos una observación.',
    en: 'Returning or approving with observations needs at least one observation.',
  },
  // Escuelas de Calidad enrollment: calls, registration, selection.
  enrollment_call_exists: {
    es: 'Ya existe una convocatoria {kind_es} de {state} para este ciclo.',
    en: 'An {kind_en} call of {state} already exists for this cycle.',
  },
  enrollment_call_published: {
    es: 'La convocatoria ya fue publicada y no puede modificarse.',
    en: 'The call has been published and can no longer be changed.',
  },
  enrollment_no_call: {
    es: '{state} no ha publicado su convocatoria para este ciclo: aún no es posible registrarse.',
    en: '{state} has not published its call for this cycle: registration is not possible yet.',
  },
  enrollment_not_a_school: {
    es: 'Solo una escuela se registra en el programa.',
    en: 'Only a school registers in the programme.',
  },
  enrollment_already_registered: {
    es: 'La escuela {cct} ya está registrada en este ciclo.',
    en: 'School {cct} is already registered in this cycle.',
  },
  enrollment_withdrawn: {
    es: 'El registro fue retirado. Para volver a participar, registre de nuevo la escuela.',
    en: 'The registration was withdrawn. To take part again, register the school again.',
  },
  enrollment_unknown_document: {
    es: '«{code}» no es un documento requerido por las reglas de este ciclo.',
    en: '"{code}" is not a document the rules of this cycle require.',
  },
  enrollment_file_type: {
    es: 'El archivo debe ser PDF, JPEG o PNG (se revisa su contenido, no su nombre).',
    en: 'The file must be a PDF, JPEG or PNG (its content is checked, not its name).',
  },
  enrollment_file_empty: {
    es: 'El archivo está vacío.',
    en: 'The file is empty.',
  },
  enrollment_not_eligible: {
    es: 'La escuela {cct} no es elegible y no puede seleccionarse.',
    en: 'School {cct} is not eligible and cannot be selected.',
  },
  enrollment_not_registered: {
    es: 'El registro de {cct} fue retirado y no puede seleccionarse.',
    en: 'The registration of {cct} was withdrawn and cannot be selected.',
  },
  enrollment_over_budget: {
    es: 'La selección suma {committed} y rebasa el presupuesto de la convocatoria ({budget}) por {excess}.',
    en: "The selection adds up to {committed} and exceeds the call's budget ({budget}) by {excess}.",
  },
  enrollment_selection_published: {
    es: 'La selección de escuelas de {state} se publicó el {date} y es definitiva.',
    en: 'The selection of schools of {state} was published on {date} and is final.',
  },
  ledger_insufficient: {
    es: 'No hay saldo suficiente en {account}: tiene {available} y se requieren {amount}.',
    en: 'There are not enough funds in {account}: it holds {available} and {amount} is needed.',
  },
  ledger_already_reversed: {
    es: 'Esa póliza ya fue revertida.',
    en: 'That entry has already been reversed.',
  },
  ledger_reverse_reversal: {
    es: 'Un reverso no se revierte: registre una nueva póliza.',
    en: 'A reversal is not reversed: post a new entry.',
  },
  idempotency_key_required: {
    es: 'Esta operación mueve dinero: envíe un encabezado Idempotency-Key para poder reintentarla sin duplicarla.',
    en: 'This operation moves money: send an Idempotency-Key header so it can be retried without doubling it.',
  },
  idempotency_key_reused: {
    es: 'Esa clave de idempotencia ya se usó con otros datos. Use una clave nueva para una operación distinta.',
    en: 'That idempotency key was already used with different data. Use a new key for a different operation.',
  },
  idempotency_in_flight: {
    es: 'La misma operación sigue en proceso. Espere un momento y consulte el resultado antes de reintentar.',
    en: 'The same operation is still in progress. Wait a moment and check the result before retrying.',
  },
  finance_already_allocated: {
    es: 'Los recursos federales del ciclo ya se asignaron a las entidades el {date}; la asignación no se repite.',
    en: "The cycle's federal funds were already allocated to the states on {date}; the allocation is not repeated.",
  },
  finance_no_budget: {
    es: 'Las reglas de operación del ciclo no fijan un presupuesto federal que asignar.',
    en: "The cycle's rules of operation set no federal budget to allocate.",
  },
  finance_no_basis: {
    es: 'Ninguna entidad tiene {basis_es}: no hay con qué calcular la asignación.',
    en: 'No state has any {basis_en}: there is nothing to compute the allocation from.',
  },
  finance_not_allocated: {
    es: '{state} aún no tiene asignación federal en este ciclo.',
    en: '{state} has no federal allocation in this cycle yet.',
  },
  finance_not_registered: {
    es: 'La escuela {cct} no está registrada en este ciclo del programa.',
    en: 'School {cct} is not registered in this cycle of the programme.',
  },
  finance_contribution_reviewed: {
    es: 'Esta aportación ya fue validada ({status}); no se revisa de nuevo.',
    en: 'This contribution was already reviewed ({status}); it is not reviewed again.',
  },
  finance_reason_required: {
    es: 'Para rechazar una aportación escriba el motivo: la escuela lo leerá.',
    en: 'To reject a contribution, write the reason: the school will read it.',
  },
  finance_not_selected: {
    es: 'La escuela {cct} no está seleccionada en este ciclo: no recibe transferencias del programa.',
    en: 'School {cct} is not selected in this cycle: it receives no transfers from the programme.',
  },
  finance_transfer_exists: {
    es: 'La escuela {cct} ya recibió su {kind_es} de {amount} el {date}; se transfiere una sola vez.',
    en: 'School {cct} already received its {kind_en} of {amount} on {date}; it is transferred only once.',
  },
  finance_nothing_to_transfer: {
    es: 'No hay escuelas seleccionadas de {state} pendientes de recibir la {kind_es}.',
    en: 'No selected school of {state} is waiting for the {kind_en}.',
  },
  finance_no_match: {
    es: 'La escuela {cct} no tiene contrapartida que transferir: {explanation_es}',
    en: 'School {cct} has no match to transfer: {explanation_en}',
  },
  finance_trust_insufficient: {
    es: 'El fideicomiso estatal de {state} tiene {available}; las transferencias a {count} escuelas suman {amount}. Faltan {missing}.',
    en: 'The state trust fund of {state} holds {available}; the transfers to {count} schools add up to {amount}. {missing} is missing.',
  },
  finance_contribution_locked: {
    es: 'La evidencia se cambia solo mientras la aportación espera su validación.',
    en: 'The evidence can only change while the contribution awaits validation.',
  },
  expense_cfdi_invalid: {
    es: 'El CFDI no se acepta como comprobante ({count} problema(s)). Revise cada punto señalado.',
    en: 'The CFDI is not accepted as proof ({count} problem(s)). Check each point indicated.',
  },
  expense_cfdi_used: {
    es: 'Esa factura (folio fiscal {uuid}) ya se usó como comprobante en el programa; no puede comprobarse dos veces.',
    en: 'That invoice (fiscal folio {uuid}) has already been used as proof in the programme; it cannot prove two expenses.',
  },
  expense_plan_not_approved: {
    es: 'Solo se comprueban gastos de un PAT aprobado.',
    en: 'Expenses are proven only against an approved PAT.',
  },
  expense_action_unknown: {
    es: 'La acción indicada no está en el PAT aprobado.',
    en: 'The action given is not in the approved PAT.',
  },
  expense_category_unknown: {
    es: 'La categoría de gasto «{category}» no existe en las reglas de operación.',
    en: 'The spending category "{category}" does not exist in the rules of operation.',
  },
  expense_category_forbidden: {
    es: '«{category}» no es un gasto autorizado por las reglas de operación.',
    en: '"{category}" is not an authorised expense under the rules of operation.',
  },
  expense_category_cap: {
    es: 'El gasto excede el tope de «{category}»: {cap}. Ya se comprobaron {spent} y este gasto es de {amount}.',
    en: 'The expense goes over the cap for "{category}": {cap}. {spent} is already proven and this expense is {amount}.',
  },
  expense_school_rfc_missing: {
    es: 'Las reglas piden que cada CFDI se emita al RFC de la escuela, y la escuela no lo ha registrado en su carta compromiso.',
    en: "The rules require every CFDI to be issued to the school's RFC, and the school has not recorded it in its commitment letter.",
  },
  expense_receipt_not_allowed: {
    es: 'Las reglas de operación de este ciclo solo aceptan CFDI como comprobante.',
    en: "This cycle's rules of operation accept only a CFDI as proof.",
  },
  expense_receipt_cap: {
    es: 'Un recibo simple ampara hasta {cap}; este es de {amount}. Pida un CFDI al proveedor.',
    en: 'A simple receipt covers up to {cap}; this one is {amount}. Ask the supplier for a CFDI.',
  },
  expense_date_outside: {
    es: 'La fecha del gasto debe estar dentro del ciclo ({from} a {to}).',
    en: 'The date of the expense must fall within the cycle ({from} to {to}).',
  },
  expense_pdf_exists: {
    es: 'Este gasto ya tiene su PDF.',
    en: 'This expense already has its PDF.',
  },
  finance_year_closed: {
    es: 'El ejercicio de la escuela {cct} ya se cerró: su cuenta ya no recibe ni gasta dinero, solo reintegra lo no ejercido.',
    en: 'The year of school {cct} is closed: its account no longer receives or spends money, it only returns what is unspent.',
  },
  close_already: {
    es: 'El ejercicio de {state} ya se cerró el {at}.',
    en: 'The year of {state} was already closed on {at}.',
  },
  close_pending_reviews: {
    es: 'Aún hay {count} gasto(s) sin revisar; revíselos antes de cerrar el ejercicio.',
    en: 'There are still {count} expense(s) awaiting review; review them before closing the year.',
  },
  return_not_due: {
    es: 'Este reintegro ya se registró.',
    en: 'This return has already been recorded.',
  },
  close_state_open: {
    es: 'El reintegro a la Federación se registra una vez cerrado el ejercicio del estado.',
    en: "The return to the Federation is recorded once the state's year is closed.",
  },
  accountability_not_closed: {
    es: 'El informe de rendición de cuentas se reconoce una vez cerrado el ejercicio de la escuela.',
    en: "The accountability report is acknowledged once the school's year is closed.",
  },
  internal_error: {
    es: 'Ocurrió un error inesperado. Ya quedó registrado; intente de nuevo más tarde.',
    en: 'An unexpected error occurred. It has been logged; try again later.',
  },
  unavailable: {
    es: 'El servicio no está disponible por el momento.',
    en: 'The service is unavailable right now.',
  },
} satisfies Record<string, Message>;

export type ErrorCode = keyof typeof MESSAGES;

export const TITLES: Record<number, Message> = {
  400: { es: 'Solicitud no válida', en: 'Bad request' },
  401: { es: 'Se requiere iniciar sesión', en: 'Authentication required' },
  403: { es: 'Acceso denegado', en: 'Forbidden' },
  404: { es: 'No encontrado', en: 'Not found' },
  409: { es: 'Conflicto', en: 'Conflict' },
  413: { es: 'Solicitud demasiado grande', en: 'Payload too large' },
  415: { es: 'Tipo de contenido no admitido', en: 'Unsupported media type' },
  422: { es: 'Datos no procesables', en: 'Unprocessable content' },
  429: { es: 'Demasiados intentos', en: 'Too many requests' },
  500: { es: 'Error interno', en: 'Internal error' },
  503: { es: 'Servicio no disponible', en: 'Service unavailable' },
};

export function message(code: ErrorCode, locale: Locale, params: Params = {}): string {
  const template = MESSAGES[code][locale];
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`));
}

export function title(status: number, locale: Locale): string {
  return (TITLES[status] ?? TITLES[status >= 500 ? 500 : 400])?.[locale] ?? 'Error';
}
