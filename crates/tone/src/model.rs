//! A small supervised tone model: multinomial logistic regression over hashed word unigrams,
//! bigrams and character n-grams plus the lexicon scores, with i8-quantised weights.
//!
//! The model files in `data/models/` are written by the `train` example (see `data/SOURCES.md`);
//! training is deterministic (fixed seed, fixed order of operations), so the same command on the
//! same data writes the same file.

use crate::units::{Kind, Units};
use crate::vader::Sums;
use citra_model::ToneLabel;

/// Number of dense (lexicon) features of the document model.
pub const N_DENSE: usize = 5;
/// The classes in model order.
pub const CLASSES: [ToneLabel; 3] = [ToneLabel::Negative, ToneLabel::Neutral, ToneLabel::Positive];
const MAGIC: &[u8; 4] = b"CTLM";
/// Format 1: five dense features (the document models); format 2: the number of dense features
/// is stored after `bits` (the target model).
const VERSION: u8 = 1;
const VERSION_DENSE: u8 = 2;

/// Features of one text: hashed sparse features (value `sparse_value` each) and dense ones.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Features {
    /// 32-bit feature hashes (bucketed by the model's size).
    pub hashes: Vec<u32>,
    /// Value of each sparse feature (1/√n).
    pub sparse_value: f32,
    /// Dense features: for the document model the lexicon's compound, positive sum, negative
    /// sum, emphasis and hits ([`N_DENSE`]); the target model has its own list.
    pub dense: Vec<f32>,
    /// Sparse features already summed by the model that scores them (features shared by every
    /// target of a document, summed once): their summed weights and their number, which
    /// `sparse_value` already counts. Only meaningful to the model that summed them; trainers
    /// see every hash in `hashes` instead.
    pub presum: Option<PreSum>,
}

/// Sparse features summed once by [`LinearModel::sum_sparse`]: see [`Features::presum`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PreSum {
    /// The summed quantized weights per class (negative, neutral, positive).
    pub acc: [i32; 3],
    /// How many hashes were summed.
    pub count: usize,
}

#[inline]
pub(crate) fn fnv(seed: u32, bytes: &[u8]) -> u32 {
    fmix(fnv_step(fnv_start(seed), bytes))
}

/// [`fnv`] of the concatenation of `parts`, without building it.
pub(crate) fn fnv_parts(seed: u32, parts: &[&[u8]]) -> u32 {
    fmix(parts.iter().fold(fnv_start(seed), |h, p| fnv_step(h, p)))
}

#[inline]
fn fnv_start(seed: u32) -> u32 {
    0x811c_9dc5 ^ seed.wrapping_mul(0x0100_0193)
}

#[inline]
fn fnv_step(mut h: u32, bytes: &[u8]) -> u32 {
    for &b in bytes {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// Final avalanche (murmur3 fmix32) so low bits are well mixed for bucketing.
#[inline]
fn fmix(mut h: u32) -> u32 {
    h ^= h >> 16;
    h = h.wrapping_mul(0x85eb_ca6b);
    h ^= h >> 13;
    h = h.wrapping_mul(0xc2b2_ae35);
    h ^ (h >> 16)
}

/// Extracts the features of units `lo..hi`.
pub(crate) fn features(u: &Units<'_>, lo: usize, hi: usize, sums: &Sums, out: &mut Features) {
    features_masked(u, lo, hi, sums, &|_| false, out);
}

/// [`features`] with each run of units for which `masked` holds read as one placeholder word:
/// the mentions in a target-tone decision, so that the tone toward a name does not come from
/// what the training data said near that name.
pub(crate) fn features_masked(
    u: &Units<'_>,
    lo: usize,
    hi: usize,
    sums: &Sums,
    masked: &dyn Fn(usize) -> bool,
    out: &mut Features,
) {
    out.hashes.clear();
    let hi = hi.min(u.units.len());
    let mut prev: Option<u32> = None;
    let mut neg_left = 0u8;
    for i in lo..hi {
        let unit = &u.units[i];
        match unit.kind {
            Kind::Punct => {
                if unit.clause_end || unit.comma {
                    neg_left = 0;
                    prev = None;
                }
                if unit.bangs > 0 {
                    out.hashes.push(fnv(7, b"!"));
                }
                if unit.questions > 0 {
                    out.hashes.push(fnv(7, b"?"));
                }
                continue;
            }
            Kind::Other => {
                let key = u.key(i);
                let tag: &[u8] = if key.starts_with('@') {
                    b"@user"
                } else if key.starts_with("http") || key.starts_with("www") {
                    b"<url>"
                } else {
                    b"<num>"
                };
                out.hashes.push(fnv(1, tag));
                prev = None;
                continue;
            }
            Kind::Word | Kind::Symbol => {}
        }
        if masked(i) {
            // One placeholder for a whole masked name ("lady gaga" → <target>).
            if i == lo || !masked(i - 1) {
                let w = fnv(1, b"<target>");
                out.hashes.push(w);
                prev = Some(w);
            }
            continue;
        }
        let key = u.key(i);
        let w = fnv(1, key.as_bytes());
        out.hashes.push(w);
        if neg_left > 0 {
            // The word in the scope of a negator.
            out.hashes.push(fnv(2, key.as_bytes()));
            neg_left -= 1;
        }
        if unit.is_neg() {
            neg_left = 3;
        }
        if let Some(p) = prev {
            out.hashes.push(p.wrapping_mul(0x9e37_79b9) ^ w.rotate_left(7) ^ 0x5bd1_e995);
        }
        prev = Some(w);
        // A name inside a sentence ("Budi Santoso visited"): a capitalised word that is not the
        // first of its sentence and not a lexicon word. Its letters say nothing about tone, and
        // the character n-grams of a name unseen in training only carry what other words with
        // those letters meant ("Santoso" read as negative): names keep their word and bigram
        // features but give no n-grams. (Reading names as one placeholder instead, as masked
        // targets are, cost the Indonesian country tone 0.04 macro-F1 in cross-validation.)
        let name = unit.title
            && unit.entry.is_none()
            && !u.all_caps
            && i > 0
            && u.units.get(i - 1).is_some_and(|p| !(p.kind == Kind::Punct && p.sentence_end));
        if unit.kind == Kind::Word && !name {
            char_ngrams(key, &mut out.hashes);
        }
    }
    let n = out.hashes.len().max(1) as f32;
    out.sparse_value = 1.0 / n.sqrt();
    let emph = (sums.bangs.min(4) as f32) * 0.25;
    out.dense.clear();
    out.dense.extend([
        sums.compound(),
        (sums.pos / 4.0).tanh(),
        (sums.neg / 4.0).tanh(),
        emph,
        (sums.hits as f32 / 3.0).tanh(),
    ]);
}

/// Appends the hashes of the character 3- and 4-grams of `" key "` (its first 32 characters),
/// the 3-grams first.
fn char_ngrams(key: &str, out: &mut Vec<u32>) {
    if key.is_ascii() {
        // One byte a char: the grams are the padded key's windows.
        let kb = key.as_bytes();
        let take = kb.len().min(32);
        let mut padded = [b' '; 34];
        padded[1..=take].copy_from_slice(&kb[..take]);
        let padded = &padded[..take + 2];
        for g in [3usize, 4] {
            out.extend(padded.windows(g).map(|gram| fnv(3 + g as u32, gram)));
        }
    } else {
        char_ngrams_general(key, out);
    }
}

/// [`char_ngrams`] char by char, for any key.
fn char_ngrams_general(key: &str, out: &mut Vec<u32>) {
    let mut padded = [0u8; 140];
    let mut pos = [0usize; 36];
    padded[0] = b' ';
    let (mut n, mut len) = (1usize, 1usize);
    for ch in key.chars().take(32) {
        let cl = ch.len_utf8();
        pos[n] = len;
        n += 1;
        ch.encode_utf8(&mut padded[len..len + cl]);
        len += cl;
    }
    pos[n] = len;
    n += 1;
    padded[len] = b' ';
    len += 1;
    pos[n] = len;
    for g in [3usize, 4] {
        if n < g {
            continue;
        }
        for s in 0..=(n - g) {
            if let Some(gram) = padded.get(pos[s]..pos[s + g]) {
                out.push(fnv(3 + g as u32, gram));
            }
        }
    }
}

/// A trained, quantised model for one language.
#[derive(Debug, Clone, PartialEq)]
pub struct LinearModel {
    bits: u8,
    scale: f32,
    bias: [f32; 3],
    dense: Vec<[f32; 3]>,
    weights: Vec<i8>,
}

impl LinearModel {
    /// Parses a model file; `None` when the bytes are not a model (an empty file means "none").
    pub fn from_bytes(b: &[u8]) -> Option<LinearModel> {
        let rest = b.strip_prefix(MAGIC)?;
        let (&version, rest) = rest.split_first()?;
        let (&bits, rest) = rest.split_first()?;
        let (n_dense, rest) = match version {
            VERSION => (N_DENSE, rest),
            VERSION_DENSE => {
                let (&n, rest) = rest.split_first()?;
                (n as usize, rest)
            }
            _ => return None,
        };
        if !(8..=24).contains(&bits) {
            return None;
        }
        let mut floats = rest.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]));
        let scale = floats.next()?;
        let mut bias = [0.0; 3];
        for b in &mut bias {
            *b = floats.next()?;
        }
        let mut dense = vec![[0.0; 3]; n_dense];
        for row in &mut dense {
            for v in row.iter_mut() {
                *v = floats.next()?;
            }
        }
        let head = 4 * (1 + 3 + 3 * n_dense);
        let w = rest.get(head..)?;
        if w.len() != 3usize << bits {
            return None;
        }
        Some(LinearModel {
            bits,
            scale,
            bias,
            dense,
            weights: w.iter().map(|&x| x as i8).collect(),
        })
    }

    /// Serialises the model.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.weights.len() + 128);
        out.extend_from_slice(MAGIC);
        if self.dense.len() == N_DENSE {
            out.push(VERSION);
            out.push(self.bits);
        } else {
            out.push(VERSION_DENSE);
            out.push(self.bits);
            out.push(self.dense.len().min(255) as u8);
        }
        out.extend_from_slice(&self.scale.to_le_bytes());
        for b in self.bias {
            out.extend_from_slice(&b.to_le_bytes());
        }
        for row in &self.dense {
            for &v in row {
                out.extend_from_slice(&v.to_le_bytes());
            }
        }
        out.extend(self.weights.iter().map(|&x| x as u8));
        out
    }

    /// Adds `delta` to the bias of class `class` (0 negative, 1 neutral, 2 positive): a prior
    /// factor `e^delta` on that class's odds.
    pub fn shift_bias(&mut self, class: usize, delta: f32) {
        if let Some(b) = self.bias.get_mut(class) {
            *b += delta;
        }
    }

    /// Adds `delta` to the weight of dense feature `i` for class `class`: for a one-hot
    /// feature (a language), a prior factor `e^delta` on that class's odds where it is on.
    pub fn shift_dense(&mut self, i: usize, class: usize, delta: f32) {
        if let Some(w) = self.dense.get_mut(i).and_then(|row| row.get_mut(class)) {
            *w += delta;
        }
    }

    /// The logit contribution (negative, neutral, positive) of one sparse feature of hash `h`
    /// in `f` and of each dense feature: what [`LinearModel::probs`] sums, for explanations.
    pub fn sparse_weight(&self, h: u32, f: &Features) -> [f32; 3] {
        let mask = (1usize << self.bits) - 1;
        let base = (h as usize & mask) * 3;
        match self.weights.get(base..base + 3) {
            Some(w) => [0, 1, 2].map(|c| w[c] as f32 * self.scale * f.sparse_value),
            None => [0.0; 3],
        }
    }

    /// The logit contribution of dense feature `i` of `f`.
    pub fn dense_weight(&self, i: usize, f: &Features) -> [f32; 3] {
        match (self.dense.get(i), f.dense.get(i)) {
            (Some(row), Some(&d)) => row.map(|w| w * d),
            _ => [0.0; 3],
        }
    }

    /// Number of dense features the model reads.
    pub fn n_dense(&self) -> usize {
        self.dense.len()
    }

    /// The summed quantized weights of the sparse features `hashes` (what [`LinearModel::probs`]
    /// adds up; integers, so summing in parts gives exactly the same result).
    pub fn sum_sparse(&self, hashes: impl IntoIterator<Item = u32>) -> [i32; 3] {
        let mask = (1usize << self.bits) - 1;
        // Summed in i64 and saturated once: what saturating each i32 step gives, since fewer
        // than 2^24 i8 weights (a text has fewer features by far) never leave the i32 range.
        let mut acc = [0i64; 3];
        for h in hashes {
            let base = (h as usize & mask) * 3;
            if let Some(&[a, b, c]) = self.weights.get(base..base + 3) {
                acc[0] += i64::from(a);
                acc[1] += i64::from(b);
                acc[2] += i64::from(c);
            }
        }
        acc.map(|a| a.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32)
    }

    /// Class probabilities (negative, neutral, positive).
    pub fn probs(&self, f: &Features) -> [f32; 3] {
        let mut acc = self.sum_sparse(f.hashes.iter().copied());
        if let Some(p) = f.presum {
            for (a, b) in acc.iter_mut().zip(p.acc) {
                *a = a.saturating_add(b);
            }
        }
        let mut logits = self.bias;
        for c in 0..3 {
            logits[c] += acc[c] as f32 * self.scale * f.sparse_value;
            for (d, row) in f.dense.iter().zip(&self.dense) {
                logits[c] += d * row[c];
            }
        }
        softmax(logits)
    }
}

fn softmax(l: [f32; 3]) -> [f32; 3] {
    let m = l[0].max(l[1]).max(l[2]);
    let e = l.map(|x| (x - m).exp());
    let s = e[0] + e[1] + e[2];
    if !(s.is_finite() && s > 0.0) {
        return [0.0, 1.0, 0.0];
    }
    e.map(|x| x / s)
}

/// Macro-F1 and macro-recall of a 3×3 confusion matrix (rows gold, columns predicted, in
/// [`CLASSES`] order), as the trainers report them.
pub fn macro_scores(cm: &[[usize; 3]; 3]) -> (f64, f64) {
    let (mut f1, mut rec) = (0.0, 0.0);
    for (c, row) in cm.iter().enumerate() {
        let tp = row[c] as f64;
        let g: usize = row.iter().sum();
        let p: usize = (0..3).map(|r| cm[r][c]).sum();
        let (pr, re) = (tp / p.max(1) as f64, tp / g.max(1) as f64);
        rec += re / 3.0;
        f1 += if pr + re > 0.0 { 2.0 * pr * re / (pr + re) / 3.0 } else { 0.0 };
    }
    (f1, rec)
}

/// Training settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrainOptions {
    /// log2 of the number of hash buckets.
    pub bits: u8,
    /// Passes over the data.
    pub epochs: u32,
    /// AdaGrad learning rate.
    pub learning_rate: f32,
    /// L2 penalty per update.
    pub l2: f32,
    /// Shuffle seed.
    pub seed: u64,
    /// Weight each class by the inverse of its frequency.
    pub balanced: bool,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions { bits: 18, epochs: 8, learning_rate: 0.2, l2: 1e-6, seed: 42, balanced: true }
    }
}

/// Trains a model on labelled feature vectors; deterministic for the same inputs and options.
pub fn train(data: &[(Features, ToneLabel)], opts: &TrainOptions) -> LinearModel {
    let weighted: Vec<(&Features, ToneLabel, f32)> =
        data.iter().map(|(f, l)| (f, *l, 1.0)).collect();
    train_weighted(&weighted, opts)
}

/// [`train`] with a weight per example (its gradient is scaled by it; class balancing, when on,
/// uses the summed weights of each class).
pub fn train_weighted(data: &[(&Features, ToneLabel, f32)], opts: &TrainOptions) -> LinearModel {
    let bits = opts.bits.clamp(8, 24);
    let buckets = 1usize << bits;
    let mask = buckets - 1;
    let mut w = vec![0.0f32; buckets * 3];
    let mut g = vec![0.0f32; buckets * 3];
    let mut bias = [0.0f32; 3];
    let mut gb = [0.0f32; 3];
    let n_dense = data.first().map_or(0, |(f, _, _)| f.dense.len()).min(255);
    let mut dense = vec![[0.0f32; 3]; n_dense];
    let mut gd = vec![[0.0f32; 3]; n_dense];
    let class = |l: ToneLabel| CLASSES.iter().position(|&c| c == l).unwrap_or(1);
    let mut counts = [0f32; 3];
    for (_, l, wt) in data {
        counts[class(*l)] += wt;
    }
    let total: f32 = counts.iter().sum();
    let present = counts.iter().filter(|&&c| c > 0.0).count().max(1) as f32;
    let cw: [f32; 3] = std::array::from_fn(|c| {
        if !opts.balanced || counts[c] <= 0.0 { 1.0 } else { total / (present * counts[c]) }
    });
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = opts.seed.max(1);
    let lr = opts.learning_rate;
    let eps = 1e-6f32;
    for _ in 0..opts.epochs {
        // Fisher–Yates with xorshift64*.
        for i in (1..order.len()).rev() {
            rng ^= rng >> 12;
            rng ^= rng << 25;
            rng ^= rng >> 27;
            let r = rng.wrapping_mul(0x2545_f491_4f6c_dd1d);
            order.swap(i, (r % (i as u64 + 1)) as usize);
        }
        for &k in &order {
            let (f, label, wt) = data[k];
            let y = class(label);
            let mut logits = bias;
            for &h in &f.hashes {
                let base = (h as usize & mask) * 3;
                for c in 0..3 {
                    logits[c] += w[base + c] * f.sparse_value;
                }
            }
            for c in 0..3 {
                for (d, row) in f.dense.iter().zip(&dense) {
                    logits[c] += d * row[c];
                }
            }
            let p = softmax(logits);
            for c in 0..3 {
                let gc = (p[c] - if c == y { 1.0 } else { 0.0 }) * cw[y] * wt;
                if gc == 0.0 {
                    continue;
                }
                for &h in &f.hashes {
                    let idx = (h as usize & mask) * 3 + c;
                    let grad = gc * f.sparse_value + opts.l2 * w[idx];
                    g[idx] += grad * grad;
                    w[idx] -= lr * grad / (g[idx] + eps).sqrt();
                }
                for (d, (row, grow)) in f.dense.iter().zip(dense.iter_mut().zip(gd.iter_mut())) {
                    let grad = gc * d;
                    grow[c] += grad * grad;
                    row[c] -= lr * grad / (grow[c] + eps).sqrt();
                }
                gb[c] += gc * gc;
                bias[c] -= lr * gc / (gb[c] + eps).sqrt();
            }
        }
    }
    let max = w.iter().fold(0.0f32, |m, x| m.max(x.abs()));
    let scale = if max > 0.0 { max / 127.0 } else { 1.0 };
    let weights = w.iter().map(|x| (x / scale).round().clamp(-127.0, 127.0) as i8).collect();
    LinearModel { bits, scale, bias, dense, weights }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ASCII path of `char_ngrams` gives the general path's hashes, in its order, for keys
    /// of every length around the 32-char cut.
    #[test]
    fn ascii_ngrams_equal_the_general_ones() {
        let mut keys: Vec<String> =
            ["", "a", "ab", "abc", "u.s", "don't", "@user", "#tag", "x-y_z"]
                .map(String::from)
                .into();
        keys.extend((28..=36).map(|n| "abcdefghij".repeat(4)[..n].to_owned()));
        for k in &keys {
            let (mut fast, mut general) = (Vec::new(), Vec::new());
            char_ngrams(k, &mut fast);
            char_ngrams_general(k, &mut general);
            assert_eq!(fast, general, "{k:?}");
            assert_eq!(fast.len(), if k.is_empty() { 0 } else { 2 * k.len().min(32) - 1 }, "{k:?}");
        }
        assert_eq!(fnv_parts(5, &[b"ab", b"", b"c"]), fnv(5, b"abc"));
    }

    fn feats(h: &[u32], d0: f32) -> Features {
        Features {
            hashes: h.to_vec(),
            sparse_value: 1.0 / (h.len().max(1) as f32).sqrt(),
            dense: vec![d0, 0.0, 0.0, 0.0, 0.0],
            presum: None,
        }
    }

    #[test]
    fn train_roundtrip010() {
        let data = vec![
            (feats(&[1, 2], 0.5), ToneLabel::Positive),
            (feats(&[3, 4], -0.5), ToneLabel::Negative),
            (feats(&[5, 6], 0.0), ToneLabel::Neutral),
        ];
        let opts = TrainOptions { bits: 8, epochs: 30, ..TrainOptions::default() };
        let m = train(&data, &opts);
        let again = LinearModel::from_bytes(&m.to_bytes()).expect("roundtrip");
        assert_eq!(again, m);
        assert_eq!(train(&data, &opts), m, "deterministic");
        for (f, l) in &data {
            let p = m.probs(f);
            let best = (0..3).max_by(|&a, &b| p[a].total_cmp(&p[b])).unwrap_or(1);
            assert_eq!(CLASSES[best], *l);
        }
        assert!(LinearModel::from_bytes(b"").is_none());
        assert!(LinearModel::from_bytes(b"CTLM\x01\x08").is_none());
    }
}
