import { NumberInput, TextInput } from '@mantine/core';
import type { ReactNode } from 'react';

/** An amount typed in pesos, kept in integer centavos; empty is `null` when the field may be left blank. */
export function PesosInput({
  label,
  description,
  value,
  onChange,
  error,
  required = false,
}: {
  label: string;
  description?: ReactNode;
  value: number | null;
  onChange: (centavos: number | null) => void;
  error?: string | undefined;
  required?: boolean;
}) {
  return (
    <NumberInput
      label={label}
      description={description}
      required={required}
      min={0}
      decimalScale={2}
      thousandSeparator=","
      decimalSeparator="."
      prefix="$"
      hideControls
      value={value === null ? '' : value / 100}
      onChange={(v) => onChange(typeof v === 'number' ? Math.round(v * 100) : null)}
      error={error}
    />
  );
}

/** A percentage typed as "70" or "12.5", kept in basis points. */
export function PercentInput({
  label,
  description,
  value,
  onChange,
  error,
}: {
  label: string;
  description?: ReactNode;
  value: number | null;
  onChange: (bp: number | null) => void;
  error?: string | undefined;
}) {
  return (
    <NumberInput
      label={label}
      description={description}
      min={0}
      max={100}
      decimalScale={2}
      suffix=" %"
      hideControls
      value={value === null ? '' : value / 100}
      onChange={(v) => onChange(typeof v === 'number' ? Math.round(v * 100) : null)}
      error={error}
    />
  );
}

/** A whole number; empty is `null`. */
export function IntInput({
  label,
  description,
  value,
  onChange,
  error,
  min = 0,
  max,
  required = false,
  placeholder,
}: {
  label: string;
  description?: ReactNode;
  value: number | null | undefined;
  onChange: (n: number | null) => void;
  error?: string | undefined;
  min?: number;
  max?: number;
  required?: boolean;
  placeholder?: string;
}) {
  return (
    <NumberInput
      label={label}
      description={description}
      required={required}
      min={min}
      max={max}
      allowDecimal={false}
      placeholder={placeholder}
      value={value === null || value === undefined ? '' : value}
      onChange={(v) => onChange(typeof v === 'number' ? v : null)}
      error={error}
    />
  );
}

/** A calendar date with the browser's own date field (keyboard friendly), as YYYY-MM-DD. */
export function DateInput({
  label,
  description,
  value,
  onChange,
  error,
  required = false,
}: {
  label: string;
  description?: ReactNode;
  value: string;
  onChange: (v: string) => void;
  error?: string | undefined;
  required?: boolean;
}) {
  return (
    <TextInput
      type="date"
      label={label}
      description={description}
      required={required}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={error}
    />
  );
}
