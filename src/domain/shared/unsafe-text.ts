/**
 * Characters no text this service stores or compares may hold: C0 and C1 control characters
 * (NUL among them, which PostgreSQL text cannot hold at all), DEL, lone UTF-16 surrogates (no
 * UTF-8 spelling), and the invisible or direction-changing format characters that make a name or
 * e-mail on a statement read as something else (U+202E shows "moc.elpmaxe" as "example.com").
 * One definition, used by the HTTP validation and by the value objects, so that no path (an SSO
 * claim, a CLI argument) skips it.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this finds
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;
const INVISIBLE_OR_DIRECTION = /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const UNSAFE_TEXT_MESSAGE = 'must not contain control, invisible or text-direction characters';
export const CONTROL_TEXT_MESSAGE = 'must not contain control characters';

/** Text that is shown or compared (names, e-mails, descriptions, identifiers). */
export const hasUnsafeCharacters = (text: string): boolean => CONTROL.test(text) || INVISIBLE_OR_DIRECTION.test(text) || LONE_SURROGATE.test(text);

/**
 * Secrets are never shown, and a passphrase may hold emoji sequences joined by U+200D: only what
 * cannot be stored or sent safely is refused.
 */
export const hasControlCharacters = (text: string): boolean => CONTROL.test(text) || LONE_SURROGATE.test(text);
