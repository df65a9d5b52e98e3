//! Behaviour of the aligner on small hand-made pairs, large pairs, other scripts and the two
//! seed articles in ../shared/seeds (skipped, saying so, where that folder is absent).

#![allow(clippy::print_stderr)] // tests say why they skip

use std::ops::Range;
use std::path::Path;

use parallax_align::{align, align_with, AlignParams, Alignment, DiffOp, PassageKind, Side, Span};

/// The aligner's word spans of `text`.
fn words(text: &str) -> Vec<Span> {
    parallax_align::tokens(text)
}

/// The word range `span` covers, asserting that it starts at a word's start and ends at a
/// word's end (so it slices back to whole words) and lies on char boundaries.
fn word_range(text: &str, ws: &[Span], span: Span, what: &str) -> Range<usize> {
    assert!(span.start < span.end, "{what}: empty span {span:?}");
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: {span:?} not on char boundaries"
    );
    let first = ws.partition_point(|w| w.start < span.start);
    let end = ws.partition_point(|w| w.end <= span.end);
    assert!(
        first < end && ws[first].start == span.start && ws[end - 1].end == span.end,
        "{what}: {span:?} = {:?} does not start and end on words",
        span.slice(text)
    );
    first..end
}

/// Checks every structural promise of an alignment of `a` with `b`.
fn check(a: &str, b: &str, out: &Alignment) {
    let (wa, wb) = (words(a), words(b));
    // Words compare lower-cased, with digits of any script read as ASCII digits.
    let lower = |t: &str, w: Span| -> String {
        w.slice(t)
            .chars()
            .map(|c| {
                let zero = ['0', '٠', '۰', '०', '০', '๐', '၀', '０']
                    .into_iter()
                    .find(|&z| (z..=char::from_u32(z as u32 + 9).unwrap()).contains(&c));
                zero.map_or(c, |z| (b'0' + (c as u32 - z as u32) as u8) as char)
            })
            .collect::<String>()
            .to_lowercase()
    };
    let mut all_a: Vec<Range<usize>> = Vec::new();
    let mut all_b: Vec<Range<usize>> = Vec::new();
    let mut covered = (0, 0);
    for (k, p) in out.passages.iter().enumerate() {
        assert_ne!(p.kind, PassageKind::Unique);
        assert!((0.0..=1.0).contains(&p.similarity), "{p:?}");
        let ra = word_range(a, &wa, p.a, "passage a");
        let rb = word_range(b, &wb, p.b, "passage b");
        covered.0 += ra.len();
        covered.1 += rb.len();
        // The diff's spans walk the passage's words in order, each exactly once.
        let (mut ia, mut ib) = (ra.start, rb.start);
        for op in &p.diff {
            let oa = op.a().map(|s| word_range(a, &wa, s, "op a"));
            let ob = op.b().map(|s| word_range(b, &wb, s, "op b"));
            if let Some(r) = &oa {
                assert_eq!(r.start, ia, "passage {k}: ops skip or repeat words of a");
                ia = r.end;
            }
            if let Some(r) = &ob {
                assert_eq!(r.start, ib, "passage {k}: ops skip or repeat words of b");
                ib = r.end;
            }
            if let (DiffOp::Equal { .. }, Some(x), Some(y)) = (op, &oa, &ob) {
                assert_eq!(x.len(), y.len());
                for (i, j) in x.clone().zip(y.clone()) {
                    assert_eq!(lower(a, wa[i]), lower(b, wb[j]));
                }
            }
        }
        assert_eq!((ia, ib), (ra.end, rb.end), "passage {k}: ops stop early");
        if p.kind == PassageKind::Verbatim {
            assert!(p.diff.iter().all(|op| matches!(op, DiffOp::Equal { .. })));
        }
        all_a.push(ra);
        all_b.push(rb);
    }
    assert!(
        out.passages.windows(2).all(|w| w[0].a.start < w[1].a.start),
        "passages are ordered by a"
    );
    for s in &out.a_unique {
        all_a.push(word_range(a, &wa, *s, "a unique"));
    }
    for s in &out.b_unique {
        all_b.push(word_range(b, &wb, *s, "b unique"));
    }
    // Passages and unique stretches together hold every word exactly once.
    for (mut all, n, side) in [(all_a, wa.len(), "a"), (all_b, wb.len(), "b")] {
        all.sort_by_key(|r| r.start);
        let mut next = 0;
        for r in all {
            assert_eq!(r.start, next, "{side}: words missing or in two places");
            next = r.end;
        }
        assert_eq!(
            next, n,
            "{side}: trailing words in no passage or unique stretch"
        );
    }
    let share = |c: usize, n: usize| if n == 0 { 0.0 } else { c as f64 / n as f64 };
    assert!((out.a_covered - share(covered.0, wa.len())).abs() < 1e-9);
    assert!((out.b_covered - share(covered.1, wb.len())).abs() < 1e-9);
    for side in [Side::A, Side::B] {
        let seg = out.segments(side);
        assert_eq!(
            seg.len(),
            out.passages.len()
                + match side {
                    Side::A => out.a_unique.len(),
                    Side::B => out.b_unique.len(),
                }
        );
        assert!(seg.windows(2).all(|w| w[0].span.end <= w[1].span.start));
    }
}

fn run(a: &str, b: &str) -> Alignment {
    let out = align(a, b, &AlignParams::default());
    check(a, b, &out);
    out
}

const STORY: &str = "Israeli troops killed 17 Palestinians on Friday during protests along the \
Gaza border, the health ministry said.\n\nThe army said soldiers fired at people who tried to \
damage the fence and threw stones at troops. It said it used riot dispersal means.\n\nThe \
protest, planned for six weeks, drew tens of thousands of people to five camps near the \
border, organisers said.\n\nThe United Nations Secretary-General called for an independent \
investigation into the deaths.\n\nFunerals were held on Saturday in several towns.";

#[test]
fn identical_texts_are_verbatim_and_fully_covered() {
    let out = run(STORY, STORY);
    assert!(!out.passages.is_empty());
    assert!(out.passages.iter().all(|p| p.kind == PassageKind::Verbatim));
    assert_eq!(out.passages.len(), 5, "one passage per paragraph");
    assert_eq!((out.a_covered, out.b_covered), (1.0, 1.0));
    assert!(out.a_unique.is_empty() && out.b_unique.is_empty());
    assert_eq!(out.longest_verbatim_words, words(STORY).len());
    // Case, punctuation and spacing do not matter.
    let shouty = STORY
        .to_uppercase()
        .replace(", ", " ; ")
        .replace(". ", "!  ");
    let out = run(STORY, &shouty);
    assert!(out.passages.iter().all(|p| p.kind == PassageKind::Verbatim));
    assert_eq!(out.b_covered, 1.0);
}

#[test]
fn two_changed_words_are_substitutions_at_their_bytes() {
    let b = STORY
        .replacen("killed 17", "killed 18", 1)
        .replacen("threw stones", "threw rocks", 1);
    let out = run(STORY, &b);
    assert_eq!(out.count(PassageKind::Edited), 2, "{:#?}", out.passages);
    assert_eq!(out.count(PassageKind::Verbatim), 3);
    assert_eq!((out.a_covered, out.b_covered), (1.0, 1.0));
    let subs: Vec<(Span, Span)> = out
        .passages
        .iter()
        .flat_map(|p| &p.diff)
        .filter_map(|op| match *op {
            DiffOp::Substitute { a, b } => Some((a, b)),
            DiffOp::Equal { .. } => None,
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    let at = |text: &str, needle: &str, word: &str| {
        let start = text.find(needle).unwrap() + needle.len() - word.len();
        Span::new(start, start + word.len())
    };
    assert_eq!(
        subs,
        [
            (at(STORY, "killed 17", "17"), at(&b, "killed 18", "18")),
            (
                at(STORY, "threw stones", "stones"),
                at(&b, "threw rocks", "rocks")
            ),
        ]
    );
    let edited = out
        .passages
        .iter()
        .find(|p| p.kind == PassageKind::Edited)
        .unwrap();
    assert!(edited.similarity > 0.9 && edited.similarity < 1.0);
}

#[test]
fn trimmed_copy_is_covered_one_way() {
    let paras: Vec<&str> = STORY.split("\n\n").collect();
    let a = paras[..3].join("\n\n");
    let out = run(&a, STORY);
    assert_eq!(out.a_covered, 1.0);
    assert!(
        out.b_covered > 0.5 && out.b_covered < 0.9,
        "{}",
        out.b_covered
    );
    assert!(out.a_unique.is_empty());
    let unique: Vec<&str> = out.b_unique.iter().map(|s| s.slice(STORY)).collect();
    assert_eq!(
        unique,
        [
            paras[3].trim_end_matches('.'),
            paras[4].trim_end_matches('.')
        ]
    );
}

#[test]
fn reordered_paragraphs_still_align() {
    let mut paras: Vec<&str> = STORY.split("\n\n").collect();
    paras.reverse();
    let b = paras.join("\n\n");
    let out = run(STORY, &b);
    assert_eq!(out.count(PassageKind::Verbatim), 5, "{:#?}", out.passages);
    assert_eq!((out.a_covered, out.b_covered), (1.0, 1.0));
    // A paragraph printed twice in b aligns once; the second copy is b's own.
    let b = format!("{STORY}\n\n{}", paras[0]);
    let out = run(STORY, &b);
    assert_eq!(out.count(PassageKind::Verbatim), 5);
    assert_eq!(out.b_unique.len(), 1);
}

#[test]
fn unrelated_texts_share_nothing() {
    let a = "Heavy rain is expected across the north of the country this weekend, with \
             forecasters warning of flooding in low-lying areas.\n\nTemperatures will drop \
             sharply by Monday.";
    let b = "The home side scored twice in the second half to win the cup final, sending \
             thousands of fans into the streets.\n\nThe coach praised his young striker.";
    let out = run(a, b);
    assert!(out.passages.is_empty(), "{:#?}", out.passages);
    assert_eq!((out.a_covered, out.b_covered), (0.0, 0.0));
    assert_eq!(out.a_unique.len(), 2);
    assert_eq!(out.longest_verbatim_words, 0);
}

#[test]
fn reworded_sentence_is_a_paraphrase() {
    let a = "The army killed 17 protesters on Friday, officials said.";
    let b = "Officials said soldiers shot dead 17 demonstrators on Friday.";
    let out = run(a, b);
    assert_eq!(out.passages.len(), 1, "{:#?}", out.passages);
    let p = &out.passages[0];
    assert_eq!(p.kind, PassageKind::Paraphrase);
    assert_eq!(
        p.a.slice(a),
        "The army killed 17 protesters on Friday, officials said"
    );
    assert_eq!(
        p.b.slice(b),
        "Officials said soldiers shot dead 17 demonstrators on Friday"
    );
    assert!(p.similarity >= AlignParams::default().paraphrase_min_score);

    // Among other sentences, the pair still finds each other and nothing else pairs.
    let a2 = format!("Markets were closed for the holiday. {a} The border crossing stays shut.");
    let b2 = format!("{b} Talks resume in Cairo next week.");
    let out = run(&a2, &b2);
    assert_eq!(out.passages.len(), 1);
    assert_eq!(out.passages[0].a.slice(&a2), p.a.slice(a));
    let unique: Vec<&str> = out.a_unique.iter().map(|s| s.slice(&a2)).collect();
    assert_eq!(
        unique,
        [
            "Markets were closed for the holiday",
            "The border crossing stays shut"
        ]
    );
    assert_eq!(
        out.b_unique[0].slice(&b2),
        "Talks resume in Cairo next week"
    );

    // Without content terms, nothing pairs.
    let none = |_: &str| None;
    let out = align_with(a, b, &AlignParams::default(), &none);
    check(a, b, &out);
    assert!(out.passages.is_empty());
    // Turning paraphrase off leaves the pair unique.
    let params = AlignParams {
        paraphrase_max_sentences: 0,
        ..AlignParams::default()
    };
    assert!(align(a, b, &params).passages.is_empty());
}

#[test]
fn a_custom_normaliser_can_match_synonyms() {
    let a = "The army killed 17 protesters on Friday, officials said.";
    let b = "Officials said soldiers shot dead 17 demonstrators on Friday.";
    let synonyms = |w: &str| {
        let w = match w {
            "soldiers" => "army",
            "demonstrators" => "protesters",
            "shot" => "killed",
            "dead" | "the" | "on" | "said" => return None,
            w => w,
        };
        Some(w.to_string())
    };
    let plain = align(a, b, &AlignParams::default());
    let tuned = align_with(a, b, &AlignParams::default(), &synonyms);
    check(a, b, &tuned);
    assert!(tuned.passages[0].similarity > plain.passages[0].similarity + 0.2);
}

#[test]
fn a_short_quote_in_different_sentences_survives_when_nothing_pairs() {
    let a = "Farmers in the valley complained bitterly on Monday that the water tariff went up \
             again despite promises.";
    let b = "An engineer at the dam, speaking anonymously, said quietly that the water tariff \
             went up again and nobody listened.";
    let out = run(a, b);
    assert_eq!(out.passages.len(), 1, "{:#?}", out.passages);
    // The shared clause, widened to the sentence end (a short, different tail on each side).
    let p = &out.passages[0];
    assert_eq!(p.kind, PassageKind::Edited);
    assert_eq!(
        p.a.slice(a),
        "that the water tariff went up again despite promises"
    );
    assert_eq!(
        p.b.slice(b),
        "that the water tariff went up again and nobody listened"
    );
    assert_eq!(out.longest_verbatim_words, 7);
}

#[test]
fn edited_passage_widens_to_sentence_ends() {
    let a = "Officials said the army killed 17 protesters near the fence on Friday.";
    let b = "The army killed 17 protesters near the fence on Friday afternoon, medics said.";
    let out = run(a, b);
    assert_eq!(out.passages.len(), 1);
    let p = &out.passages[0];
    assert_eq!(p.kind, PassageKind::Edited);
    assert_eq!(p.a.slice(a), a.trim_end_matches('.'));
    assert_eq!(p.b.slice(b), b.trim_end_matches('.'));
    assert!(matches!(p.diff[0], DiffOp::Delete { a: s } if s.slice(a) == "Officials said"));
    assert!(
        matches!(p.diff.last(), Some(DiffOp::Insert { b: s }) if s.slice(b) == "afternoon, medics said")
    );
}

/// A deterministic pseudo-random article of `paragraphs` paragraphs built from invented words.
fn synthetic(paragraphs: usize, seed: u64) -> Vec<String> {
    let mut state = seed;
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize
    };
    let syllables = [
        "ka", "lo", "mi", "ren", "tos", "vu", "sha", "dri", "pel", "qua", "zor", "ni",
    ];
    let word = |next: &mut dyn FnMut() -> usize| {
        (0..1 + next() % 3)
            .map(|_| syllables[next() % syllables.len()])
            .collect::<String>()
    };
    (0..paragraphs)
        .map(|_| {
            (0..1 + next() % 3)
                .map(|_| {
                    let n = 6 + next() % 14;
                    let mut s: Vec<String> = (0..n).map(|_| word(&mut next)).collect();
                    s[0] = s[0].to_uppercase();
                    s.join(" ") + "."
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

#[test]
fn two_thousand_paragraphs_align_without_blowing_up() {
    let a_paras = synthetic(2000, 1);
    let fresh = synthetic(200, 2);
    let mut b_paras = Vec::new();
    for (k, p) in a_paras.iter().enumerate() {
        match k % 50 {
            7 => continue,                             // dropped
            11 => b_paras.push(fresh[k / 10].clone()), // inserted
            23 => {
                b_paras.push(fresh[k / 10 + 1].clone()); // rewritten
                continue;
            }
            _ => {}
        }
        if k % 10 == 3 {
            let mut w: Vec<&str> = p.split(' ').collect();
            let mid = w.len() / 2;
            w[mid] = "CHANGED";
            b_paras.push(w.join(" "));
        } else {
            b_paras.push(p.clone());
        }
    }
    let a = a_paras.join("\n\n");
    let b = b_paras.join("\n\n");
    let out = run(&a, &b);
    assert!(
        out.a_covered > 0.9 && out.b_covered > 0.9,
        "{} {}",
        out.a_covered,
        out.b_covered
    );
    assert!(out.passages.len() <= 2000, "{}", out.passages.len());
    assert!(out.count(PassageKind::Edited) >= 150);
    let ops: usize = out.passages.iter().map(|p| p.diff.len()).sum();
    assert!(ops < 4 * out.passages.len(), "{ops} diff ops");

    // A text of one paragraph repeated 2,000 times: seeds are too common to use, and the
    // output stays small.
    let same = vec!["The same sentence repeats again and again here."; 2000].join("\n\n");
    let out = run(&same, &same);
    assert!(out.passages.len() <= 2000);
}

#[test]
fn other_scripts_and_unspaced_text_do_not_panic() {
    let arabic = "قتل الجيش الإسرائيلي 17 فلسطينيا يوم الجمعة خلال احتجاجات على حدود غزة، \
                  بحسب وزارة الصحة.\n\nوقال الجيش إن الجنود أطلقوا النار على أشخاص حاولوا \
                  إتلاف السياج.";
    let out = run(arabic, arabic);
    assert!(out.passages.iter().all(|p| p.kind == PassageKind::Verbatim));
    assert_eq!(out.a_covered, 1.0);
    // Arabic-Indic digits match ASCII ones.
    let indic = arabic.replace("17", "١٧").replace("الجمعة", "السبت");
    let out = run(arabic, &indic);
    assert_eq!(out.count(PassageKind::Edited), 1);
    let sub = out.passages[0]
        .diff
        .iter()
        .find(|op| matches!(op, DiffOp::Substitute { .. }))
        .unwrap();
    assert_eq!(sub.a().unwrap().slice(arabic), "الجمعة");

    let persian = "رهبر انقلاب اسلامی گفت راه‌حل مسئله فلسطین تقویت جبهه مقاومت است؟ \
                   مذاکره با رژیم صهیونیستی خطای بزرگ و نابخشودنی است.";
    // In scripts written with spaces, the aligner's words are exactly parallax-text's words.
    for text in [STORY, arabic, persian] {
        assert_eq!(words(text), parallax_text::words(text).collect::<Vec<_>>());
    }
    let out = run(persian, persian);
    assert_eq!(out.b_covered, 1.0);
    run(persian, arabic);

    let chinese = "以色列军队周五在加沙边境打死了17名抗议者。卫生部官员说，数千人参加了抗议活动！\
                   联合国秘书长呼吁进行独立调查。";
    let out = run(chinese, chinese);
    assert_eq!(out.a_covered, 1.0);
    run(chinese, &chinese.replace("17", "18"));
    let thai = "กองทัพอิสราเอลสังหารผู้ประท้วงชาวปาเลสไตน์สิบเจ็ดคนในวันศุกร์";
    run(thai, thai);
    run(thai, &thai.repeat(3));

    for (a, b) in [
        ("", ""),
        ("", STORY),
        (STORY, ""),
        (" |  | \n\n...", "!!!"),
        ("a", "a"),
        ("x y z", "x y z"),
        (
            "Ünïcode ÉCOLE naïve café 🎉 — e\u{301}te\u{301}",
            "ünïcode école naïve café e\u{301}te\u{301}",
        ),
        (
            "Line one\r\nLine two\r\n\r\nLine three",
            "Line one\nLine two\n\nLine three",
        ),
        ("a. b. c. d. e. f. g. h.", "a. b. c. d. e. f. g. h."),
    ] {
        run(a, b);
    }
}

#[test]
fn random_mutations_keep_every_invariant() {
    // Pieces of text in several scripts, with punctuation, digits and line breaks.
    let pieces = [
        "the",
        "army",
        "said",
        "17",
        "١٨",
        "protesters",
        "Friday",
        "Gaza",
        "قتل",
        "الجيش",
        "راه‌حل",
        "边境",
        "打死了",
        "กองทัพ",
        "é",
        "e\u{301}",
        "🎉",
        ".",
        ",",
        "!",
        "?",
        "\u{201d}",
        "\n",
        "\n\n",
        " ",
        " ",
        " ",
        "Mr.",
        "U.S.",
        "—",
        "(AP)",
        "'s",
        "。",
    ];
    let mut state = 7u64;
    let mut next = move |n: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize % n
    };
    let mut kinds = [0usize; 3];
    for round in 0..300 {
        let len = next(120);
        let mut a = String::new();
        for _ in 0..len {
            a.push_str(pieces[next(pieces.len())]);
            if next(3) > 0 {
                a.push(' ');
            }
        }
        // b: a with some pieces dropped, swapped or inserted; every fourth round reversed, so
        // that no seed survives and sentences can only pair as paraphrases.
        let mut b = String::new();
        let mut toks: Vec<&str> = a.split(' ').collect();
        if round % 4 == 0 {
            toks.reverse();
        }
        for tok in toks {
            match next(10) {
                0 => continue,
                1 => b.push_str(pieces[next(pieces.len())]),
                _ => b.push_str(tok),
            }
            b.push(' ');
        }
        let params = AlignParams {
            seed_words: 1 + round % 4,
            min_passage_words: 1 + round % 6,
            paraphrase_min_shared: 1 + round % 3,
            paraphrase_min_words: 1 + round % 4,
            ..AlignParams::default()
        };
        let out = align(&a, &b, &params);
        check(&a, &b, &out);
        check(&b, &a, &align(&b, &a, &params));
        for (k, kind) in [
            PassageKind::Verbatim,
            PassageKind::Edited,
            PassageKind::Paraphrase,
        ]
        .into_iter()
        .enumerate()
        {
            kinds[k] += out.count(kind);
        }
    }
    // The invariants were checked on passages of every kind.
    assert!(kinds.iter().all(|&n| n > 20), "{kinds:?}");
}

/// The seed articles with lines holding no letter (the `|  |` header) removed.
fn seed(dir: &Path, prefix: &str) -> String {
    let entry = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix))
        })
        .unwrap_or_else(|| panic!("no seed {prefix}*"));
    std::fs::read_to_string(entry)
        .unwrap()
        .lines()
        .filter(|l| l.chars().any(char::is_alphabetic))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn seed_articles_align_as_edited_and_paraphrased_passages() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    if !dir.is_dir() {
        eprintln!("skipping seed alignment test: ../shared/seeds is not present in this checkout");
        return;
    }
    let a = seed(&dir, "000_");
    let b = seed(&dir, "003_");
    let out = run(&a, &b);
    let reworded = out.count(PassageKind::Edited) + out.count(PassageKind::Paraphrase);
    assert!(reworded >= 3, "{:#?}", out.passages);
    assert!(out.a_covered > 0.25 && out.b_covered > 0.25);
    // The same statements: the "only way" and "dignity and power" quotes pair up.
    for (in_a, in_b) in [
        ("the sole prescription", "the sole remedy"),
        ("dignity and power", "dignity and power"),
        ("will postpone the victory", "will delay victory"),
    ] {
        assert!(
            out.passages
                .iter()
                .any(|p| p.a.slice(&a).contains(in_a) && p.b.slice(&b).contains(in_b)),
            "no passage pairs {in_a:?} with {in_b:?}"
        );
    }
    // 003's paragraphs on the March 30 march and its casualties are its own.
    let unique: Vec<&str> = out.b_unique.iter().map(|s| s.slice(&b)).collect();
    for distinctive in [
        "On March 30, Gazans marched",
        "The Great Return March",
        "martyring 18 and injuring almost 1,500",
        "including 100 snipers",
    ] {
        assert!(
            unique.iter().any(|u| u.contains(distinctive)),
            "{distinctive:?} is not unique to 003: {unique:#?}"
        );
    }
    // And 000's closing blurb about the outlet is its own.
    assert!(out
        .a_unique
        .iter()
        .any(|s| s.slice(&a).contains("News Gazette is mainly concerned")));
}

#[test]
fn two_translations_of_one_quote_show_their_edited_core() {
    let a = "Speaking to reporters in the capital on Monday after a long cabinet meeting, the \
             minister warned his colleagues that signing any deal with the rebels would be a \
             grave historic error.";
    let b = "Any agreement reached with the armed insurgents, the minister told journalists in \
             the capital after the cabinet session, would be a grave historic mistake that his \
             colleagues must avoid.";
    let out = run(a, b);
    let edited: Vec<_> = out
        .passages
        .iter()
        .filter(|p| p.kind == PassageKind::Edited)
        .collect();
    assert_eq!(edited.len(), 1, "{:#?}", out.passages);
    assert!(
        edited[0]
            .a
            .slice(a)
            .ends_with("would be a grave historic error"),
        "{:?}",
        edited[0].a.slice(a)
    );
    assert!(
        edited[0]
            .b
            .slice(b)
            .starts_with("would be a grave historic mistake"),
        "{:?}",
        edited[0].b.slice(b)
    );
    assert!(
        out.passages
            .iter()
            .any(|p| p.kind == PassageKind::Paraphrase),
        "the rest of the pair stays a paraphrase: {:#?}",
        out.passages
    );
    // With the split turned off, the pair is one paraphrase.
    let params = AlignParams {
        edited_core_words: 0,
        ..AlignParams::default()
    };
    let whole = align(a, b, &params);
    check(a, b, &whole);
    assert_eq!(whole.passages.len(), 1, "{:#?}", whole.passages);
    assert_eq!(whole.passages[0].kind, PassageKind::Paraphrase);
}
