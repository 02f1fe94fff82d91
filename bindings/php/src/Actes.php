<?php

declare(strict_types=1);

namespace Actes;

use FFI;

/**
 * The actes library (libactes.so, the C ABI of ffi/) through PHP's FFI
 * extension. Every method returns the document the `actes` command prints
 * with --json for the same operation, as a PHP array (schemas/ of the
 * actes repository). No protocol rule lives here: the library decides.
 *
 * A verdict is a document: an invalid identifier gives ['valid' => false,
 * 'diagnostics' => [...]]. An operation that could not be carried out
 * throws an ActesException carrying the diagnostics: an invalid argument,
 * an archive refused, a file that is not a protocol message.
 *
 * PHP's CLI enables FFI by default; under a web server set ffi.enable=true
 * or preload this class (ffi.enable=preload).
 */
final class Actes
{
    /**
     * The declarations of ffi/include/actes.h used here (PHP's FFI does
     * not run the C preprocessor; tests/run.php checks they match the
     * header).
     */
    public const CDEF = <<<'C'
        const char *actes_version(void);
        void actes_free(char *s);
        char *actes_id_check(const char *id, const char *lang);
        char *actes_siren_check(const char *siren, const char *lang);
        char *actes_classification_check(const char *code, const uint8_t *classification, size_t classification_len, const char *nature, const char *typologie, const char *lang);
        char *actes_receipt_read(const uint8_t *data, size_t len, const char *file_name, const char *lang);
        char *actes_archive_build(const char *input_json, const char *base_dir, const char *out_dir, const char *today, const char *lang);
        char *actes_archive_check(const char *path, const char *today, const char *lang);
        char *actes_delivery_read(const char *path, const char *lang);
        char *actes_bundle_verify(const char *path, const char *today, const char *lang);
        char *actes_budget_check(const uint8_t *data, size_t len, const char *file_name, const char *lang);
        char *actes_act_status(const char *const *paths, size_t n, const char *today, const char *lang);
        C;

    private FFI $ffi;

    /**
     * @param string|null $library the path of libactes.so; by default the
     *   environment variable ACTES_LIB, else "libactes.so" from the
     *   system's library path
     */
    public function __construct(?string $library = null)
    {
        $env = getenv('ACTES_LIB');
        $library ??= ($env !== false && $env !== '') ? $env : 'libactes.so';
        try {
            $this->ffi = FFI::cdef(self::CDEF, $library);
        } catch (FFI\Exception $e) {
            throw new \RuntimeException("actes: cannot load the library {$library}: {$e->getMessage()}", 0, $e);
        }
    }

    /** The version of the library, e.g. "0.1.0". */
    public function version(): string
    {
        return (string) $this->ffi->actes_version();
    }

    /**
     * Checks an IDActe (DDD-SSSSSSSSS-YYYYMMDD-NUMERO-NN): the document of
     * `actes id check --json` (schemas/id-check.schema.json).
     *
     * @return array<string, mixed>
     */
    public function checkId(string $id, string $lang = 'fr'): array
    {
        return $this->call($this->ffi->actes_id_check($id, $lang));
    }

    /**
     * Checks a SIREN: the document of `actes siren check --json`.
     *
     * @return array<string, mixed>
     */
    public function checkSiren(string $siren, string $lang = 'fr'): array
    {
        return $this->call($this->ffi->actes_siren_check($siren, $lang));
    }

    /**
     * Checks a classification code ("7.1"), against the national
     * classification or against the collectivité's own (the XML of a 7-2
     * RetourClassification), with a nature ("DE") and a typologie
     * ("99_DE") when given: the document of `actes classification check
     * --json`.
     *
     * @return array<string, mixed>
     */
    public function checkClassification(
        string $code,
        ?string $classificationXml = null,
        ?string $nature = null,
        ?string $typologie = null,
        string $lang = 'fr',
    ): array {
        [$buf, $len] = $this->bytes($classificationXml);
        return $this->call($this->ffi->actes_classification_check($code, $buf, $len, $nature, $typologie, $lang));
    }

    /**
     * Reads one received file (its bytes; the file name, when known, lets
     * the library check it): the document of `actes receipt read --json`
     * (schemas/receipt-read.schema.json). Throws when the bytes are not a
     * protocol message.
     *
     * @return array<string, mixed>
     */
    public function readReceipt(string $bytes, string $fileName = '', string $lang = 'fr'): array
    {
        [$buf, $len] = $this->bytes($bytes);
        $doc = $this->call($this->ffi->actes_receipt_read($buf, $len, $fileName, $lang));
        if (($doc['root'] ?? null) === null) {
            throw new ActesException($doc['diagnostics'] ?? [], $doc);
        }
        return $doc;
    }

    /**
     * Builds the CL → MI archive described by $inputJson
     * (schemas/transmission-input.schema.json; document paths relative to
     * $baseDir) into $outDir: the document of `actes archive build --json`
     * (schemas/archive-build.schema.json), with the archive's path and
     * manifest. $today: "YYYY-MM-DD", null for the system's date. Throws,
     * with every reason at once, when the archive is refused.
     *
     * @return array<string, mixed>
     */
    public function buildArchive(string $inputJson, string $baseDir, string $outDir, ?string $today = null, string $lang = 'fr'): array
    {
        $doc = $this->call($this->ffi->actes_archive_build($inputJson, $baseDir, $outDir, $today, $lang));
        if (($doc['valid'] ?? false) !== true) {
            throw new ActesException($doc['diagnostics'] ?? [], $doc);
        }
        return $doc;
    }

    /**
     * Checks the archive at $path as the préfecture would: the document of
     * `actes archive check --json`.
     *
     * @return array<string, mixed>
     */
    public function checkArchive(string $path, ?string $today = null, string $lang = 'fr'): array
    {
        return $this->call($this->ffi->actes_archive_check($path, $today, $lang));
    }

    /**
     * Reads a delivery from the ministry (a folder of e-mail attachments,
     * or a tar.gz, tar or zip of them): the document of `actes delivery
     * read --json`.
     *
     * @return array<string, mixed>
     */
    public function readDelivery(string $path, string $lang = 'fr'): array
    {
        return $this->call($this->ffi->actes_delivery_read($path, $lang));
    }

    /**
     * Verifies a proof bundle (what was sent and received about an act):
     * the document of `actes bundle verify --json`
     * (schemas/bundle-verify.schema.json), 'intact' => true when no file
     * was changed.
     *
     * @return array<string, mixed>
     */
    public function verifyBundle(string $path, ?string $today = null, string $lang = 'fr'): array
    {
        return $this->call($this->ffi->actes_bundle_verify($path, $today, $lang));
    }

    /**
     * Checks the seal of a TotEM budget document (its bytes) and gives its
     * metadata, as `actes budget check --json`
     * (schemas/budget-check.schema.json). A wrong or missing seal is a
     * verdict in the document ('seal'), not an exception.
     *
     * @return array<string, mixed>
     */
    public function checkBudget(string $bytes, string $fileName = '', string $lang = 'fr'): array
    {
        [$buf, $len] = $this->bytes($bytes);
        return $this->call($this->ffi->actes_budget_check($buf, $len, $fileName, $lang));
    }

    /**
     * The state, history and legal dates of the acts the files at $paths
     * tell about (sent archives, deliveries, proof bundles, folders,
     * message files), as `actes act status --json`: a list with one
     * document per act, then, when some files could not be read or name no
     * act, one ['id_acte' => null, ...] (schemas/act-status.schema.json).
     *
     * @param list<string> $paths
     * @param string|null $today YYYY-MM-DD; null for this machine's date
     * @return list<array<string, mixed>>
     */
    public function actStatus(array $paths, ?string $today = null, string $lang = 'fr'): array
    {
        $n = count($paths);
        $keep = [];
        $list = $n > 0 ? $this->ffi->new("const char *[$n]") : null;
        foreach (array_values($paths) as $i => $path) {
            $path = (string) $path;
            if (str_contains($path, "\0")) {
                throw new \InvalidArgumentException('actes: a path holds a NUL byte');
            }
            $len = strlen($path);
            $buf = $this->ffi->new('char[' . ($len + 1) . ']');
            FFI::memcpy($buf, $path, $len);
            $buf[$len] = "\0";
            $keep[] = $buf;
            $list[$i] = FFI::cast('const char *', FFI::addr($buf[0]));
        }
        $docs = $this->call($this->ffi->actes_act_status($list, $n, $today, $lang));
        unset($keep);
        return array_values($docs);
    }

    /**
     * A PHP string as a C byte buffer and its length (NULL for none).
     *
     * @return array{0: FFI\CData|null, 1: int}
     */
    private function bytes(?string $s): array
    {
        if ($s === null || $s === '') {
            return [null, 0];
        }
        $len = strlen($s);
        $buf = $this->ffi->new("uint8_t[$len]");
        FFI::memcpy($buf, $s, $len);
        return [$buf, $len];
    }

    /**
     * The document of a returned string, which is freed; an error document
     * (an invalid argument) throws.
     *
     * @return array<string, mixed>
     */
    private function call(?FFI\CData $ptr): array
    {
        if ($ptr === null) {
            throw new \RuntimeException('actes: the library returned NULL');
        }
        try {
            $json = FFI::string($ptr);
        } finally {
            $this->ffi->actes_free($ptr);
        }
        $doc = json_decode($json, true, 512, JSON_THROW_ON_ERROR);
        if (!is_array($doc)) {
            throw new \RuntimeException('actes: the library returned no document');
        }
        if (isset($doc['error'])) {
            throw new ActesException($doc['diagnostics'] ?? [], $doc);
        }
        return $doc;
    }
}
