"""Bad input: every problem reported at once, as `path:line: field: message (found …)`."""

import pytest

PRODUCT = "content/products/mat-ong.yml"


def replace(root, relpath, old, new):
    path = root / relpath
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relpath}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_fixture_is_valid(catalogue, ocop):
    code, out, err = ocop("--root", catalogue, "check")
    assert (code, err) == (0, [])
    assert out == ["ok: 4 products, 6 groups, 18 areas"]


def test_a_catalogue_of_one_product_is_counted_in_the_singular(catalogue, ocop):
    for name in ("content/products/nuoc-mam.yml", "content/products/tra-thu.yml", "content/products/ruou-can.yml", "content/fairs/hoi-cho.yml"):
        (catalogue / name).unlink()
    assert ocop("--root", catalogue, "check") == (0, ["ok: 1 product, 6 groups, 18 areas"], [])
    code, out, _ = ocop("--root", catalogue, "build", "--date", "2026-11-29")
    assert code == 0 and out[0].startswith("built 1 product, ")


@pytest.mark.parametrize(
    "old, new, expected",
    [
        # PyYAML 1.1 surprises: unquoted values that are not what they look like
        ('registration: "4000000001"', "registration: 4000000001",
         f"{PRODUCT}:14: producer.registration: expected text, but YAML read it as the number 4000000001: put it in quotes (found 4000000001)"),
        ('gtin: "8930000000019"', "gtin: 8930000000019",
         f"{PRODUCT}:21: gtin: expected text, but YAML read it as the number 8930000000019: put it in quotes (found 8930000000019)"),
        ("decision: 100/QĐ-UBND", "decision: 0123",
         f"{PRODUCT}:8: certification.decision: expected text, but YAML read it as the number 83: put it in quotes (found 0123)"),
        ("stars: 4", "stars: yes",
         f"{PRODUCT}:6: stars: must be 3, 4 or 5 (found yes)"),
        ("name: HTX Mật ong Thử Nghiệm", "name: NO",
         f"{PRODUCT}:12: producer.name: expected text, but YAML read it as the boolean false: put it in quotes (found NO)"),
        ("stars: 4", "stars: 6", f"{PRODUCT}:6: stars: must be 3, 4 or 5 (found 6)"),
        ("stars: 4", 'stars: "4"', f"{PRODUCT}:6: stars: must be 3, 4 or 5, written as a number without quotes (found 4)"),
        ("  address: thôn 1, xã Phước Xuân, huyện Phước Sơn", "  address:",
         f"{PRODUCT}:15: producer.address: is empty: write a value after the colon"),
        # unknown keys, missing keys, wrong shapes
        ("  potential_five_star: true", "  potential_five_star: true\n  valid_util: 2028-01-01",
         f"{PRODUCT}:11: certification.valid_util: unknown field (a typo?); expected one of: decision, date, valid_until, potential_five_star, revoked"),
        ("  decision: 100/QĐ-UBND\n", "",
         f"{PRODUCT}:7: certification.decision: required field is missing"),
        ("name:\n  vi: Mật ong rừng thử nghiệm\n  en: Test forest honey", "name: Mật ong",
         f"{PRODUCT}:2: name: expected a text per language: 'vi: …' and 'en: …' on their own lines (found Mật ong)"),
        ("standards: [vietgap, haccp]", "standards: vietgap",
         f"{PRODUCT}:20: standards: expected a list (lines starting with '- ') (found vietgap)"),
        ("standards: [vietgap, haccp]", "standards: [vietgap, fairtrade]",
         f"{PRODUCT}:20: standards[1]: must be 'vietgap', 'globalgap', 'organic', 'haccp', 'iso-22000', 'gmp' or 'iso-9001' (found fairtrade)"),
        # references to other files
        ("category: thuc-pham.mat-ong", "category: thuc-pham.mat-ongg",
         f"{PRODUCT}:5: category: unknown category; expected a subgroup id from content/categories.yml (did you mean thuc-pham.mat-ong?) (found thuc-pham.mat-ongg)"),
        ("area: phuoc-son", "area: phuoc-sonn",
         f"{PRODUCT}:19: area: unknown area; expected an id from content/areas.yml (did you mean phuoc-son?) (found phuoc-sonn)"),
        # dates
        ("date: 2025-06-01", "date: 2025-02-30",
         f"{PRODUCT}:9: certification.date: cannot read this value: day is out of range for month (found 2025-02-30)"),
        ("date: 2025-06-01", "date: 1/6/2025",
         f"{PRODUCT}:9: certification.date: expected a date like 2024-06-18 (found 1/6/2025)"),
        ("  potential_five_star: true", "  potential_five_star: true\n  valid_until: 2024-01-01",
         f"{PRODUCT}:11: certification.valid_until: must be after the date of recognition (2025-06-01) (found 2024-01-01)"),
        # links
        ("shopee: https://shopee.vn/mat-ong-i.1.2", "shopee: http://shopee.vn/mat-ong-i.1.2",
         f"{PRODUCT}:39: listings.shopee: expected a full https:// address (found http://shopee.vn/mat-ong-i.1.2)"),
        ("shopee: https://shopee.vn/mat-ong-i.1.2", "shopee: https://shopee.vn.evil.example/x",
         f"{PRODUCT}:39: listings.shopee: must be a link on shopee.vn (found https://shopee.vn.evil.example/x)"),
        ("shopee: https://shopee.vn/mat-ong-i.1.2", "amazon: https://amazon.com/x",
         f"{PRODUCT}:39: listings.amazon: unknown field (a typo?); expected one of: shopee, tiki, postmart, lazada, sendo, voso, website"),
        ("shopee: https://shopee.vn/mat-ong-i.1.2", 'shopee: "https://evil.example\\\\.shopee.vn/sale"',
         f"{PRODUCT}:39: listings.shopee: expected a full https:// address (found https://evil.example\\.shopee.vn/sale)"),
        ("shopee: https://shopee.vn/mat-ong-i.1.2", "shopee: https://evil.example@shopee.vn/x",
         f"{PRODUCT}:39: listings.shopee: expected a full https:// address (found https://evil.example@shopee.vn/x)"),
        ("  en: Test forest honey", '  en: "Test\\x0b honey"',
         f"{PRODUCT}:4: name.en: must be one line of text, without control characters (found Test\\x0b honey)"),
        ("  en: Test forest honey", '  en: "   "', f"{PRODUCT}:4: name.en: must not be empty (found    )"),
        ("  en: Test forest honey", "  en: &x Test\n  vi2: *x", f"{PRODUCT}:5: anchors and aliases (&name, *name) are not supported: write the value out (found *x)"),
        ("website: https://mat-ong.example.vn/\n", "website: javascript:alert(1)\n",
         f"{PRODUCT}:18: producer.website: expected a full https:// address (found javascript:alert(1))"),
        # images
        ("src: mat-ong/hu.png", "src: ../../site_config.yml",
         f"{PRODUCT}:36: images[0].src: must be a path inside content/images/ (found ../../site_config.yml)"),
        ("src: mat-ong/hu.png", "src: mat-ong/missing.jpg",
         f"{PRODUCT}:36: images[0].src: no such file in content/images/ (found mat-ong/missing.jpg)"),
        # GTIN check digit
        ('gtin: "8930000000019"', 'gtin: "8930000000018"',
         f"{PRODUCT}:21: gtin: wrong check digit: the last digit should be 9 (found 8930000000018)"),
        # YAML itself
        ("stars: 4", "stars: 4\nstars: 5",
         f"{PRODUCT}:7: stars: key appears twice (first on line 6)"),
        ("  vi: Mật ong rừng thử nghiệm", "  vi: [Mật ong rừng",
         f"{PRODUCT}:4: YAML syntax error: while parsing a flow sequence (from line 3): expected ',' or ']', but got ':'"),
    ],
)
def test_bad_record_is_reported_with_its_line(catalogue, ocop, old, new, expected):
    replace(catalogue, PRODUCT, old, new)
    code, out, err = ocop("--root", catalogue, "check")
    assert code == 1
    assert err[0] == expected
    assert err[-1] == "1 problem in 1 file; nothing was written."


def test_every_problem_is_reported_at_once(catalogue, ocop):
    replace(catalogue, PRODUCT, "stars: 4", "stars: 7")
    replace(catalogue, PRODUCT, "area: phuoc-son", "area: atlantis")
    replace(catalogue, "content/products/nuoc-mam.yml", "kind: household", "kind: family")
    code, out, err = ocop("--root", catalogue, "check")
    assert code == 1
    assert err == [
        f"{PRODUCT}:6: stars: must be 3, 4 or 5 (found 7)",
        f"{PRODUCT}:19: area: unknown area; expected an id from content/areas.yml (found atlantis)",
        "content/products/nuoc-mam.yml:9: producer.kind: must be 'cooperative', 'enterprise', 'household' or 'other' (found family)",
        "3 problems in 2 files; nothing was written.",
    ]


def test_file_level_problems(catalogue, ocop):
    (catalogue / "content/products/Bad_Name.yml").write_text((catalogue / PRODUCT).read_text(encoding="utf-8"), encoding="utf-8")
    (catalogue / "content/products/empty.yml").write_text("# nothing yet\n", encoding="utf-8")
    (catalogue / "content/products/latin1.yml").write_bytes("name: {vi: Mật ong}\n".encode("utf-8").replace("ậ".encode(), b"\xe2"))
    (catalogue / "content/products/notes.txt").write_text("x", encoding="utf-8")
    code, out, err = ocop("--root", catalogue, "check")
    assert code == 1
    assert err[:-1] == [
        "content/products/Bad_Name.yml: the file name is the product id: use 3-64 characters a-z, 0-9 and '-', starting and ending with a letter or digit (found 'Bad_Name')",
        "content/products/empty.yml: file is empty",
        "content/products/latin1.yml:1: file is not UTF-8 text: save it as UTF-8 (found byte 0xe2)",
        "content/products/notes.txt: only .yml records belong in content/products/",
    ]


def test_two_products_cannot_share_a_gtin(catalogue, ocop):
    replace(catalogue, "content/products/nuoc-mam.yml", "area: thang-binh", 'area: thang-binh\ngtin: "08930000000019"')
    code, out, err = ocop("--root", catalogue, "check")
    assert err[0] == "content/products/nuoc-mam.yml:12: gtin: the same GTIN as content/products/mat-ong.yml: two products cannot share one (found 08930000000019)"


def test_config_problems(catalogue, ocop):
    replace(catalogue, "site_config.yml", "base_url: https://example.org/ocop/", "base_url: example.org")
    replace(catalogue, "content/areas.yml", "tam-ky: {kind: city,", "tam-ky: {kind: village,")
    code, out, err = ocop("--root", catalogue, "check")
    assert code == 1
    assert err[:-1] == [
        "content/areas.yml:4: tam-ky.kind: must be 'city', 'town', 'district' or 'urban-district' (found village)",
        "site_config.yml:2: base_url: expected an absolute address like https://ocop.example.vn/ (found example.org)",
    ]


def test_text_is_normalised_to_nfc(catalogue):
    import unicodedata

    from generator.validate import load_catalogue

    replace(catalogue, PRODUCT, "vi: Mật ong rừng thử nghiệm", "vi: " + unicodedata.normalize("NFD", "Mật ong rừng thử nghiệm"))
    cat, _ = load_catalogue(catalogue)
    name = next(r for r in cat.records if r.id == "mat-ong").product.name.vi
    assert name == "Mật ong rừng thử nghiệm" and len(name) == 23


def test_the_owner_must_be_reachable(catalogue, ocop):
    replace(catalogue, "site_config.yml", 'report: {phone: "0235 3000 000", email: bao-cao@example.vn}', "report: {}")
    code, out, err = ocop("--root", catalogue, "check")
    assert err[0] == "site_config.yml:7: owner.report: give a phone or an e-mail: every product page tells readers how to report a fake"


def test_a_record_with_problems_is_not_reported_again_as_vanished(catalogue, ocop):
    assert ocop("--root", catalogue, "build", "--date", "2026-11-29")[0] == 0
    replace(catalogue, PRODUCT, "stars: 4", "stars: 6")
    code, out, err = ocop("--root", catalogue, "check")
    assert err == [f"{PRODUCT}:6: stars: must be 3, 4 or 5 (found 6)", "1 problem in 1 file; nothing was written."]


def test_usage_errors_exit_2(tmp_path, ocop):
    assert ocop("--root", tmp_path, "check")[0] == 2
    assert ocop("frobnicate")[0] == 2


def test_records_are_parsed_by_libyaml_and_mistakes_explained_by_pyyaml(catalogue, ocop):
    import yaml

    from generator import load

    assert load.FAST_LOADER is yaml.CSafeLoader  # ten times faster on large catalogues
    record = catalogue / "content/products/mat-ong.yml"
    record.write_text(record.read_text(encoding="utf-8") + "extra: [1, 2\n", encoding="utf-8")
    code, _, err = ocop("--root", catalogue, "check")
    line = len(record.read_text(encoding="utf-8").splitlines()) + 1
    # PyYAML's wording (libyaml's would be "did not find expected ',' or ']'")
    assert (code, err[0]) == (1, f"content/products/mat-ong.yml:{line}: YAML syntax error: while parsing a flow sequence (from line {line - 1}): expected ',' or ']', but got '<stream end>'")
