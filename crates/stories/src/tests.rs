use super::*;
use chrono::TimeZone;

fn post(id: i64, author: &str, secs: i64, text: &str) -> Post {
    let base = Utc.with_ymd_and_hms(2017, 12, 7, 0, 0, 0).unwrap();
    Post {
        id,
        platform: "twitter".into(),
        author: Some(author.into()),
        time: Some(base + chrono::Duration::seconds(secs)),
        text: text.into(),
        ..Post::default()
    }
}

fn docs(s: &Stories) -> Vec<Vec<i64>> {
    s.stories.iter().map(|s| s.docs.clone()).collect()
}

#[test]
fn story_text_cases() {
    let cases = [
        ("plain words stay", "plain words stay"),
        ("RT @ten_gop: Mexico will pay", "mexico will pay"),
        ("MT @x Mexico will pay", "mexico will pay"),
        ("Wow “@AP: Shooting in Paris", "wow shooting in paris"),
        ("Mexico will pay https://t.co/AbC www.x.com", "mexico will pay"),
        ("shooting.http://t.co/x", "shooting"),
        ("Clinton lies #ade #aded #MAGA", "clinton lies"),
        ("(#tag) and (@user) go", "and go"),
        ("Tom &amp; Jerry &quot;quoted&quot;", "tom jerry quoted"),
        ("e-mail me: a@b.org", "e mail me a b org"),
        ("Привет, МИР!", "привет мир"),
        ("नमस्ते दुनिया", "नमस्ते दुनिया"),
        ("🇺🇸🇺🇸 USA!!!", "usa"),
        ("", ""),
        ("   ", ""),
        ("@a @b #c https://t.co/d", ""),
    ];
    for (input, want) in cases {
        assert_eq!(story_text(input), want, "{input:?}");
    }
}

#[test]
fn word_counts_and_shingles() {
    assert_eq!(word_count(""), 0);
    assert_eq!(word_count("one"), 1);
    assert_eq!(word_count("a b c d"), 4);
    // Four words: two 3-shingles; fewer than three words: one shingle of them all.
    assert_eq!(shingles("a b c d").len(), 2);
    assert_eq!(shingles("a b").len(), 1);
    assert!(shingles("").is_empty());
    // Repeated shingles count once.
    assert_eq!(shingles("a b c a b c").len(), 3);
    assert_eq!(shingles("x y z"), shingles("x y z"));
    assert_ne!(shingles("x y z"), shingles("x y w"));
}

#[test]
fn jaccard_cases() {
    let cases: [(&[u64], &[u64], f64); 5] = [
        (&[1, 2, 3], &[1, 2, 3], 1.0),
        (&[1, 2], &[3, 4], 0.0),
        (&[1, 2, 3], &[2, 3, 4], 0.5),
        (&[], &[1], 0.0),
        (&[1, 2, 3, 4], &[1], 0.25),
    ];
    for (a, b, want) in cases {
        assert_eq!(jaccard(a, b), want, "{a:?} {b:?}");
        assert_eq!(jaccard(b, a), want, "{b:?} {a:?}");
    }
}

/// A near-duplicate pair above the threshold and one below it, as the clustering decides.
#[test]
fn pair_above_and_below_the_threshold() {
    let base = "Russia and the United States should never be enemies even in the movies";
    // Reworded at the end: 10 of the base's 11 shingles remain (J = 10/13 ≈ 0.77).
    let above = "Russia and the United States should never be enemies even in the cinema today";
    // Reworded in the middle: J = 6/15 = 0.4.
    let below = "Russia and the United States were once enemies even in the movies";
    let j_above = similarity(base, above, DEFAULT_MIN_WORDS).unwrap();
    let j_below = similarity(base, below, DEFAULT_MIN_WORDS).unwrap();
    assert!(j_above >= DEFAULT_THRESHOLD, "{j_above}");
    assert!(j_below < DEFAULT_THRESHOLD, "{j_below}");
    let o = Options::default();
    let s = cluster(&[post(1, "a", 0, base), post(2, "b", 60, above)], &o);
    assert_eq!(docs(&s), vec![vec![1, 2]]);
    assert!((s.stories[0].min_similarity - j_above).abs() < 1e-12);
    let s = cluster(&[post(1, "a", 0, base), post(2, "b", 60, below)], &o);
    assert!(s.stories.is_empty());
    assert_eq!(s.merged(), 0);
    // A lower threshold takes the second pair too.
    let low = Options { threshold: j_below, ..o };
    assert_eq!(docs(&cluster(&[post(1, "a", 0, base), post(2, "b", 60, below)], &low)).len(), 1);
}

#[test]
fn short_texts_are_never_copies() {
    let posts = [post(1, "a", 0, "Thank you!"), post(2, "b", 1, "Thank you! https://t.co/x")];
    let s = cluster(&posts, &Options::default());
    assert!(s.stories.is_empty());
    assert_eq!(s.compared, 0);
    assert_eq!(similarity("Thank you!", "Thank you!", DEFAULT_MIN_WORDS), None);
    // With min_words 1 they are.
    let s = cluster(&posts, &Options { min_words: 1, ..Options::default() });
    assert_eq!(docs(&s), vec![vec![1, 2]]);
}

#[test]
fn stories_carry_first_poster_spread_and_reach() {
    let t = "BREAKING: the embassy will move to Jerusalem next year, officials say";
    let mut posts = vec![
        post(5, "late", 7200, &format!("RT @wire: {t}")),
        post(3, "wire", 0, &format!("{t} https://t.co/1")),
        post(4, "paper", 600, &format!("{t} #news")),
        post(9, "someone", 30, "Completely unrelated words about the weather in Jakarta today"),
    ];
    posts[0].engagement.likes = Some(10);
    posts[1].engagement.reshares = Some(5);
    posts[2].countries = vec!["ISR".into(), "USA".into()];
    posts[1].countries = vec!["ISR".into()];
    let s = cluster(&posts, &Options::default());
    assert_eq!(s.posts, 4);
    assert_eq!(s.compared, 4);
    assert_eq!(docs(&s), vec![vec![3, 4, 5]]);
    let st = &s.stories[0];
    assert_eq!(st.id, 1);
    assert_eq!(st.first.author.as_deref(), Some("wire"));
    assert_eq!(st.spread_s, 7200);
    assert_eq!(st.authors, 3);
    assert_eq!(st.engagement, 15);
    assert_eq!(st.min_similarity, 1.0);
    assert_eq!(
        st.countries,
        vec![
            CountryCount { country: "ISR".into(), docs: 2 },
            CountryCount { country: "USA".into(), docs: 1 }
        ]
    );
    assert_eq!(s.in_stories, 3);
    assert_eq!(s.merged(), 2);
    assert_eq!(s.story_of(4).map(|x| x.id), Some(1));
    assert!(s.story_of(9).is_none());
}

#[test]
fn single_link_chains_and_orders_by_size() {
    // a ~ b ~ c (each one word changed at an end), d ~ e apart.
    let a = "one two three four five six seven eight nine ten eleven twelve";
    let b = "one two three four five six seven eight nine ten eleven thirteen";
    let c = "zero two three four five six seven eight nine ten eleven thirteen";
    let d = "alpha beta gamma delta epsilon zeta eta theta iota kappa";
    let e = "alpha beta gamma delta epsilon zeta eta theta iota lambda";
    let posts = [
        post(1, "x", 0, d),
        post(2, "x", 1, a),
        post(3, "y", 2, b),
        post(4, "z", 3, c),
        post(5, "y", 4, e),
    ];
    let s = cluster(&posts, &Options::default());
    assert_eq!(docs(&s), vec![vec![2, 3, 4], vec![1, 5]]);
    assert_eq!(s.stories.iter().map(|s| s.id).collect::<Vec<_>>(), vec![1, 2]);
}

/// A tiny deterministic generator for the candidate tests.
fn words(seed: &mut u64, n: usize) -> Vec<String> {
    (0..n)
        .map(|_| {
            *seed = text::mix(seed.wrapping_add(0x9e37_79b9_7f4a_7c15));
            format!("w{}", *seed % 5000)
        })
        .collect()
}

/// Locality-sensitive hashing finds the pairs: 300 texts of 20 random words, each with a copy
/// whose last word differs (J = 17/19 ≈ 0.89) and one whose last three differ (J = 15/21 ≈
/// 0.71): every triple is one story, and none mixes with another.
#[test]
fn minhash_finds_every_near_copy() {
    let mut seed = 7;
    let mut posts = Vec::new();
    for i in 0..300 {
        let w = words(&mut seed, 20);
        let mut one = w.clone();
        one[19] = format!("x{i}");
        let mut three = w.clone();
        for (k, x) in three[17..].iter_mut().enumerate() {
            *x = format!("y{i}_{k}");
        }
        for (k, t) in [w, one, three].iter().enumerate() {
            posts.push(post(3 * i + k as i64, "a", 3 * i + k as i64, &t.join(" ")));
        }
    }
    let s = cluster(&posts, &Options::default());
    assert_eq!(s.stories.len(), 300);
    assert!(s.stories.iter().all(|st| st.docs.len() == 3));
    assert!(s.stories.iter().all(|st| st.docs[0] % 3 == 0 && st.docs[2] == st.docs[0] + 2));
    // Far fewer candidate checks than all pairs (900 × 899 / 2).
    assert!(s.candidates < 5_000, "{}", s.candidates);
}

/// A big campaign: 200 copies of one headline, each with its own hashtags and link and some
/// with a short reaction, fall in one story even though their buckets are checked as chains.
#[test]
fn big_buckets_still_join() {
    let head = "Hillary Clinton lied to the families about Benghazi and the media covered it up";
    let posts: Vec<Post> = (0..200)
        .map(|i| {
            let text = if i % 3 == 0 {
                format!("Unbelievable. {head} #tag{i} https://t.co/{i}")
            } else {
                format!("{head} #a{i} #b{i}")
            };
            post(i, &format!("acct{i}"), i, &text)
        })
        .collect();
    let s = cluster(&posts, &Options::default());
    assert_eq!(s.stories.len(), 1);
    assert_eq!(s.stories[0].docs.len(), 200);
    assert_eq!(s.stories[0].authors, 200);
    assert_eq!(s.merged(), 199);
}

/// The precision the threshold was chosen for, on the labelled pairs committed in
/// `accuracy-reports/near-duplicates/pairs.jsonl` (260 pairs labelled by hand; see its README).
#[test]
fn labelled_pairs_precision() {
    let path =
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../accuracy-reports/near-duplicates/pairs.jsonl");
    let text = std::fs::read_to_string(path).expect("the labelled pairs are in the repository");
    let (mut tp, mut fp, mut fneg, mut pairs) = (0, 0, 0, 0);
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        pairs += 1;
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let (a, b) = (v["a"]["text"].as_str().unwrap(), v["b"]["text"].as_str().unwrap());
        let same = v["same_story"].as_bool().unwrap();
        let said = similarity(a, b, DEFAULT_MIN_WORDS).is_some_and(|j| j >= DEFAULT_THRESHOLD);
        match (said, same) {
            (true, true) => tp += 1,
            (true, false) => fp += 1,
            (false, true) => fneg += 1,
            (false, false) => {}
        }
    }
    assert!(pairs >= 200, "{pairs} pairs");
    let precision = f64::from(tp) / f64::from(tp + fp);
    let recall = f64::from(tp) / f64::from(tp + fneg);
    eprintln!("{pairs} pairs: precision {precision:.3} ({tp} tp, {fp} fp), recall {recall:.3}");
    assert!(precision >= 0.95, "precision {precision:.3} ({tp} tp, {fp} fp)");
    assert!(recall >= 0.75, "recall {recall:.3} ({tp} tp, {fneg} fn)");
}

proptest::proptest! {
    #[test]
    fn never_panics_and_is_symmetric(a in "\\PC{0,120}", b in "\\PC{0,120}") {
        let (ta, tb) = (story_text(&a), story_text(&b));
        let (sa, sb) = (shingles(&ta), shingles(&tb));
        proptest::prop_assert!(sa.windows(2).all(|w| w[0] < w[1]));
        let j = jaccard(&sa, &sb);
        proptest::prop_assert!((0.0..=1.0).contains(&j));
        proptest::prop_assert_eq!(j, jaccard(&sb, &sa));
        proptest::prop_assert!(!ta.starts_with(' ') && !ta.ends_with(' ') && !ta.contains("  "));
        let s = cluster(&[post(1, "a", 0, &a), post(2, "b", 1, &b), post(3, "c", 2, &a)], &Options::default());
        proptest::prop_assert!(s.stories.len() <= 1);
    }
}
