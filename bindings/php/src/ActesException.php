<?php

declare(strict_types=1);

namespace Actes;

/**
 * An operation of actes that could not be carried out: an invalid argument,
 * an archive refused, a file that is not a protocol message. The
 * diagnostics say why, each as
 * ['code', 'severity', 'message', 'message_en', 'message_fr', 'location']
 * (schemas/diagnostic.schema.json); the message of the exception is the
 * first error's.
 */
final class ActesException extends \RuntimeException
{
    /**
     * @param array<int, array<string, mixed>> $diagnostics
     * @param array<string, mixed> $document the whole document returned
     */
    public function __construct(
        private readonly array $diagnostics,
        private readonly array $document,
    ) {
        $first = null;
        foreach ($diagnostics as $d) {
            if (($d['severity'] ?? '') === 'error') {
                $first = $d;
                break;
            }
        }
        $first ??= $diagnostics[0] ?? null;
        $message = $first === null
            ? 'actes: the operation failed'
            : sprintf('%s: %s', $first['code'] ?? '?', $first['message'] ?? '');
        parent::__construct($message);
    }

    /** @return array<int, array<string, mixed>> every diagnostic, in order */
    public function getDiagnostics(): array
    {
        return $this->diagnostics;
    }

    /** @return array<string, mixed> the document the library returned */
    public function getDocument(): array
    {
        return $this->document;
    }

    /** @return list<string> the codes of the diagnostics */
    public function getCodes(): array
    {
        return array_values(array_map(static fn (array $d): string => (string) ($d['code'] ?? ''), $this->diagnostics));
    }
}
