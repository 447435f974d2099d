import type { Locale } from '../../../contract/roles.ts';
import type { MailMessage } from '../../platform/mail/mailer.ts';

interface Recipient {
  email: string;
  name: string;
  locale: Locale;
}

export function resetMail(publicUrl: string, user: Recipient, token: string): MailMessage {
  const link = `${publicUrl}/reset-password?token=${encodeURIComponent(token)}`;
  if (user.locale === 'en') {
    return {
      to: user.email,
      subject: 'Calidad: reset your password',
      text: `Hello ${user.name},\n\nSomeone (hopefully you) asked to reset your Calidad password. Open this link within 60 minutes to choose a new one:\n\n${link}\n\nIf you did not ask for this, ignore this message; your password stays the same.\n`,
    };
  }
  return {
    to: user.email,
    subject: 'Calidad: restablezca su contraseña',
    text: `Hola, ${user.name}:\n\nSe solicitó restablecer su contraseña de Calidad. Abra este enlace en los próximos 60 minutos para elegir una nueva:\n\n${link}\n\nSi usted no lo solicitó, ignore este mensaje; su contraseña no cambiará.\n`,
  };
}

export function inviteMail(
  publicUrl: string,
  user: Recipient,
  inviter: string,
  roleLabel: string,
  unitName: string,
  token: string,
): MailMessage {
  const link = `${publicUrl}/reset-password?token=${encodeURIComponent(token)}&invite=1`;
  return {
    to: user.email,
    subject: 'Invitación a Calidad / Invitation to Calidad',
    text:
      `Hola, ${user.name}:\n\n${inviter} le invitó a Calidad como «${roleLabel}» en ${unitName}. ` +
      `Abra este enlace en los próximos 7 días para elegir su contraseña:\n\n${link}\n\n` +
      `---\nHello ${user.name},\n\n${inviter} invited you to Calidad as "${roleLabel}" at ${unitName}. ` +
      'Open the link above within 7 days to choose your password.\n',
  };
}

export function roleGrantedMail(
  publicUrl: string,
  user: Recipient,
  inviter: string,
  roleLabel: string,
  unitName: string,
): MailMessage {
  return {
    to: user.email,
    subject: 'Calidad: nueva función asignada / new role',
    text:
      `Hola, ${user.name}:\n\n${inviter} le asignó la función «${roleLabel}» en ${unitName}. Entre en ${publicUrl} para verla.\n\n` +
      `---\nHello ${user.name},\n\n${inviter} granted you the role "${roleLabel}" at ${unitName}. Sign in at ${publicUrl} to see it.\n`,
  };
}
