<?php

/*
 * The tests of the PHP package, with no framework: php tests/run.php.
 *
 * Environment: ACTES_LIB (libactes.so), ACTES_REFERENCE (the reference
 * folder with samples/; default ../shared/reference beside the repository),
 * ACTES_PHP_DOCS (when set, a folder where every document returned is
 * written as <schema>.jsonl, for the schema validation of the Rust test
 * ffi/tests/php.rs, which runs this script).
 *
 * Prints "N passed, N failed"; exit code 0 only when every test passed.
 */

declare(strict_types=1);

spl_autoload_register(static function (string $class): void {
    $prefix = 'Actes\\';
    if (str_starts_with($class, $prefix)) {
        require __DIR__ . '/../src/' . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
    }
});

use Actes\Actes;
use Actes\ActesException;

$root = dirname(__DIR__, 3);
$reference = getenv('ACTES_REFERENCE') ?: $root . '/../shared/reference';
$docs = getenv('ACTES_PHP_DOCS') ?: null;
$passed = 0;
$failed = 0;

function check(bool $cond, string $what): void
{
    if (!$cond) {
        throw new LogicException($what);
    }
}

/** Records a document for the schema validation. */
function keep(?string $docs, string $schema, array $doc): array
{
    if ($docs !== null) {
        file_put_contents("$docs/$schema.jsonl", json_encode($doc, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_THROW_ON_ERROR) . "\n", FILE_APPEND);
    }
    return $doc;
}

/** The exception $f throws, which must be an ActesException. */
function throws(callable $f): ActesException
{
    try {
        $f();
    } catch (ActesException $e) {
        return $e;
    }
    throw new LogicException('no ActesException thrown');
}

function rmtree(string $dir): void
{
    foreach (scandir($dir) ?: [] as $f) {
        if ($f !== '.' && $f !== '..') {
            $p = "$dir/$f";
            is_dir($p) ? rmtree($p) : unlink($p);
        }
    }
    rmdir($dir);
}

$actes = new Actes();

$tests = [
    'the library loads from ACTES_LIB and tells its version' => function () use ($actes) {
        check(preg_match('/^\d+\.\d+\.\d+/', $actes->version()) === 1, 'version ' . $actes->version());
        $e = null;
        try {
            new Actes('/nonexistent/libactes.so');
        } catch (RuntimeException $e) {
        }
        check($e !== null && str_contains($e->getMessage(), '/nonexistent/libactes.so'), 'a missing library is reported');
    },
    'the declarations are those of ffi/include/actes.h' => function () use ($root) {
        $header = @file_get_contents("$root/ffi/include/actes.h");
        check($header !== false, 'ffi/include/actes.h readable');
        $norm = static fn (string $s): string => trim((string) preg_replace('/\s+/', ' ', $s));
        $header = $norm((string) preg_replace(['#//[^\n]*#', '#/\*.*?\*/#s', '/^#.*$/m'], '', $header));
        foreach (array_filter(array_map('trim', explode(';', Actes::CDEF))) as $decl) {
            check(str_contains($header, $norm($decl) . ';'), "not in the header: $decl");
        }
    },
    'checkId: a valid IDActe and its parts' => function () use ($actes, $docs) {
        $r = keep($docs, 'id-check.schema.json', $actes->checkId('062-216204982-20221214-DLB12_14122022-DE'));
        check($r['valid'] === true, 'valid');
        check($r['id']['siren'] === '216204982' && $r['id']['nature']['abbr'] === 'DE', 'parts');
        check($r['diagnostics'] === [], 'no diagnostic');
    },
    'checkId: every problem of an invalid IDActe at once, in the language asked' => function () use ($actes, $docs) {
        $r = keep($docs, 'id-check.schema.json', $actes->checkId('062-216204983-20221314-DLB12_14122022-XX', 'en'));
        check($r['valid'] === false, 'invalid');
        $codes = array_column($r['diagnostics'], 'code');
        check(count($codes) >= 2, 'several diagnostics: ' . implode(' ', $codes));
        check(in_array('ID-SIREN-CHECKSUM', $codes, true), 'SIREN checksum: ' . implode(' ', $codes));
        foreach ($r['diagnostics'] as $d) {
            check($d['message'] === $d['message_en'], 'English message');
        }
        $r = keep($docs, 'id-check.schema.json', $actes->checkId("\xff\xfe"));
        check($r['diagnostics'][0]['code'] === 'ID-INPUT-NOT-UTF8', 'not UTF-8');
    },
    'an invalid argument throws, with the diagnostic' => function () use ($actes, $docs) {
        $e = throws(fn () => $actes->checkId('062-216204982-20221214-DLB12_14122022-DE', 'de'));
        check($e->getCodes() === ['BIND-ARGUMENT'], implode(' ', $e->getCodes()));
        check($e->getDiagnostics()[0]['location']['path'] === 'lang', 'names the argument');
        check(str_starts_with($e->getMessage(), 'BIND-ARGUMENT: '), $e->getMessage());
        keep($docs, 'binding-error.schema.json', $e->getDocument());
        $e = throws(fn () => $actes->buildArchive('{}', '.', '.', '19/12/2022'));
        check($e->getDiagnostics()[0]['location']['path'] === 'today', 'today');
    },
    'checkSiren and checkClassification' => function () use ($actes, $docs) {
        $r = keep($docs, 'siren-check.schema.json', $actes->checkSiren('216204982'));
        check($r['valid'] === true, 'SIREN');
        $r = keep($docs, 'classification-check.schema.json', $actes->checkClassification('7.1', null, 'DE', '99_DE'));
        check($r['valid'] === true, 'classification 7.1 DE 99_DE');
        $r = keep($docs, 'classification-check.schema.json', $actes->checkClassification('99.9'));
        check($r['valid'] === false && $r['diagnostics'] !== [], 'unknown code');
    },
    'readReceipt: a received ARActe' => function () use ($actes, $docs, $reference) {
        $bytes = file_get_contents("$reference/samples/pastell/aractes.xml");
        check($bytes !== false, 'sample readable');
        $r = keep($docs, 'receipt-read.schema.json', $actes->readReceipt($bytes, 'aractes.xml'));
        check($r['root'] === 'ARActe' && $r['code'] === '1-2', 'ARActe 1-2');
        check($r['file'] === 'aractes.xml', 'file name');
        check(is_string($r['id_acte']), 'IDActe');
    },
    'readReceipt: bytes that are not a message throw, with the diagnostics' => function () use ($actes, $docs) {
        $e = throws(fn () => $actes->readReceipt("PK\x03\x04 not a message", 'x.xml'));
        check($e->getDiagnostics() !== [], 'diagnostics');
        check($e->getDocument()['root'] === null, 'the document');
        keep($docs, 'receipt-read.schema.json', $e->getDocument());
    },
    'buildArchive, then checkArchive' => function () use ($actes, $docs, $root) {
        $out = sys_get_temp_dir() . '/actes-php-' . bin2hex(random_bytes(6));
        try {
            $input = file_get_contents("$root/fixtures/lens/input.json");
            check($input !== false, 'fixtures/lens/input.json');
            $r = keep($docs, 'archive-build.schema.json', $actes->buildArchive($input, "$root/fixtures/lens", $out, '2022-12-19'));
            check($r['valid'] === true && is_file($r['archive']), 'archive written');
            check(str_ends_with($r['archive'], '.tar.gz'), $r['archive']);
            check($r['manifest']['archive'] === basename($r['archive']), 'manifest');
            $c = keep($docs, 'archive-check.schema.json', $actes->checkArchive($r['archive'], '2022-12-19'));
            check($c['valid'] === true, 'the archive built passes the check');
            // The same again: the existing archive is not replaced.
            $e = throws(fn () => $actes->buildArchive($input, "$root/fixtures/lens", $out, '2022-12-19'));
            check(in_array('IO-WRITE', $e->getCodes(), true), implode(' ', $e->getCodes()));
        } finally {
            if (is_dir($out)) {
                rmtree($out);
            }
        }
    },
    'verifyBundle: a proof bundle is intact' => function () use ($actes, $docs, $root) {
        $r = keep($docs, 'bundle-verify.schema.json', $actes->verifyBundle("$root/fixtures/bundle-v0.1/062-216204982-20221214-DLB12_14122022-DE-proof.zip", '2023-03-01'));
        check($r['intact'] === true, 'intact');
        check($r['act']['id_acte'] === '062-216204982-20221214-DLB12_14122022-DE', 'the act');
    },
    'checkBudget: a sealed TotEM document, and one that is not' => function () use ($actes, $docs, $reference) {
        $bytes = file_get_contents("$reference/samples/totem/BP2022_TRANSPORT.xml");
        check($bytes !== false, 'sample readable');
        $r = keep($docs, 'budget-check.schema.json', $actes->checkBudget($bytes, 'BP2022_TRANSPORT.xml', 'en'));
        check($r['seal'] === 'valid' && $r['file'] === 'BP2022_TRANSPORT.xml', 'valid seal');
        $bad = keep($docs, 'budget-check.schema.json', $actes->checkBudget('<not xml'));
        check($bad['seal'] === null && $bad['diagnostics'] !== [], 'unreadable');
    },
    'actStatus: the acts a set of files tells about' => function () use ($actes, $docs, $root) {
        $ar = "$root/fixtures/lens/062-216204982-20221214-DLB12_14122022-DE-1-2_1.xml";
        $r = $actes->actStatus([$ar, '/nonexistent/actes-php.tar.gz'], '2023-01-10', 'en');
        check(count($r) === 2, 'one act, then the files: ' . count($r));
        foreach ($r as $doc) {
            keep($docs, 'act-status.schema.json', $doc);
        }
        check($r[0]['id_acte'] === '062-216204982-20221214-DLB12_14122022-DE', 'the act');
        check($r[0]['state'] === 'acknowledged' && $r[0]['acknowledged_on'] === '2022-12-19', 'acknowledged');
        check($r[1]['id_acte'] === null && $r[1]['diagnostics'][0]['code'] === 'DELIV-UNREADABLE', 'unreadable input');
        $none = $actes->actStatus([]);
        check($none[0]['diagnostics'][0]['code'] === 'TXN-NO-ACT', 'no path, no act');
    },
    'buildArchive: a refused input throws with every reason' => function () use ($actes, $docs, $root) {
        $input = json_decode((string) file_get_contents("$root/fixtures/lens/input.json"), true);
        $input['collectivite']['siren'] = '216204983';
        $input['acte']['objet'] = '';
        $e = throws(fn () => $actes->buildArchive(json_encode($input), "$root/fixtures/lens", sys_get_temp_dir(), '2022-12-19'));
        check(count($e->getDiagnostics()) >= 2, implode(' ', $e->getCodes()));
        check($e->getDocument()['valid'] === false && $e->getDocument()['archive'] === null, 'document');
        keep($docs, 'archive-build.schema.json', $e->getDocument());
    },
];

foreach ($tests as $name => $test) {
    try {
        $test();
        $passed++;
        echo "ok     $name\n";
    } catch (Throwable $e) {
        $failed++;
        echo "FAILED $name: " . get_class($e) . ': ' . $e->getMessage() . "\n";
    }
}
echo "$passed passed, $failed failed\n";
exit($failed === 0 && $passed > 0 ? 0 : 1);
