//! Charts as inline SVG, drawn here (no script): the image chart (index line, 95% band, segment
//! levels, volume bars, shocks), the relations graph (countries on a circle, directed edges
//! coloured by tone and sized by volume) and a cooperation/conflict bar.

use super::html::esc;
use super::i18n::Labels;
use chrono::{Datelike, NaiveDate};
use citra_analytics::{Edge, IndexPoint, Period, Segment, Shock};
use citra_pipeline::counting::Voice;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Days in a period (a month and a year at their mean length).
fn period_days(p: Period) -> f64 {
    match p {
        Period::Day => 1.0,
        Period::Week => 7.0,
        Period::Month => 30.44,
        Period::Year => 365.25,
    }
}

/// Days since the common era, as a coordinate.
fn day(d: NaiveDate) -> f64 {
    f64::from(d.num_days_from_ce())
}

/// A number for SVG coordinates (one decimal; NaN as 0).
fn n(x: f64) -> String {
    if x.is_finite() { format!("{x:.1}") } else { "0".to_owned() }
}

/// The colour of a tone in [-1, 1]: red, grey, green in five steps.
pub(crate) fn tone_colour(t: f64) -> &'static str {
    TONE_BINS[tone_bin(t)].1
}

fn tone_bin(t: f64) -> usize {
    match t {
        t if t < -0.3 => 0,
        t if t < -0.1 => 1,
        t if t <= 0.1 => 2,
        t if t <= 0.3 => 3,
        _ => 4,
    }
}

const TONE_BINS: [(&str, &str); 5] =
    [("t0", "#b3261e"), ("t1", "#e07a5f"), ("t2", "#8a8f98"), ("t3", "#6aa84f"), ("t4", "#1b7f3b")];

/// Colours of the quad classes: verbal and material cooperation, verbal and material conflict.
pub(crate) const QUAD_COLOURS: [&str; 4] = ["#9fd39b", "#2e8b57", "#f4a582", "#b3261e"];

const W: f64 = 960.0;
const LEFT: f64 = 46.0;
const RIGHT: f64 = 14.0;
const TOP: f64 = 58.0;
const IDX_H: f64 = 230.0;
const GAP: f64 = 18.0;
const VOL_H: f64 = 70.0;
const AXIS_H: f64 = 26.0;
const LEGEND_H: f64 = 24.0;
/// The line of the index breaks where more than this many periods have no post.
const GAP_PERIODS: f64 = 4.0;

/// The series an image chart draws: the index and the voices' lines.
pub(crate) struct Lines<'a> {
    /// The index (with its 95% band and the volume bars).
    pub(crate) index: &'a [IndexPoint],
    /// The foreign and domestic voices' series, drawn as dashed lines.
    pub(crate) voices: &'a [(Voice, Vec<IndexPoint>)],
}

/// The image chart of one country.
pub(crate) fn image_chart(
    name: &str,
    period: Period,
    shock_period: Period,
    lines: Lines<'_>,
    segments: &[Segment],
    shocks: &[(usize, &Shock)],
    l: &Labels,
) -> String {
    let Lines { index: points, voices } = lines;
    let h = TOP + IDX_H + GAP + VOL_H + AXIS_H + LEGEND_H;
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg class=\"chart\" viewBox=\"0 0 {W} {h}\" role=\"img\" \
         aria-label=\"{} {}\">",
        esc(l.image_of),
        esc(name)
    );
    let (Some(first), Some(last)) = (points.first(), points.last()) else {
        s.push_str("</svg>");
        return s;
    };
    let plen = period_days(period);
    let x0 = day(first.period);
    let x1 = (day(last.period) + plen).max(x0 + plen);
    let px = |d: f64| LEFT + (d - x0) / (x1 - x0) * (W - LEFT - RIGHT);
    let mid = |p: &IndexPoint| px(day(p.period) + plen / 2.0);
    let py = |t: f64| TOP + (1.0 - t.clamp(-1.0, 1.0)) / 2.0 * IDX_H;
    let vol_top = TOP + IDX_H + GAP;
    let max_docs = points.iter().map(|p| p.docs).max().unwrap_or(1).max(1) as f64;
    let vy = |d: u64| vol_top + VOL_H - d as f64 / max_docs * VOL_H;

    // Grid and y labels.
    s.push_str("<g stroke=\"#e3e7ee\" stroke-width=\"1\">");
    for t in [-1.0, -0.5, 0.0, 0.5, 1.0] {
        let _ = write!(
            s,
            "<line x1=\"{LEFT}\" x2=\"{}\" y1=\"{}\" y2=\"{}\"",
            W - RIGHT,
            n(py(t)),
            n(py(t))
        );
        if t == 0.0 {
            s.push_str(" stroke=\"#9aa3b0\"");
        }
        s.push_str("/>");
    }
    let _ = write!(
        s,
        "<line x1=\"{LEFT}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"#9aa3b0\"/></g>",
        W - RIGHT,
        n(vol_top + VOL_H),
        n(vol_top + VOL_H)
    );
    s.push_str("<g font-size=\"13\" fill=\"#5b6472\" text-anchor=\"end\">");
    for t in [-1.0, -0.5, 0.0, 0.5, 1.0] {
        let _ =
            write!(s, "<text x=\"{}\" y=\"{}\">{}</text>", LEFT - 6.0, n(py(t) + 4.0), fmt_tick(t));
    }
    let _ = write!(s, "<text x=\"{}\" y=\"{}\">{max_docs}</text>", LEFT - 6.0, n(vol_top + 10.0));
    let _ = write!(s, "<text x=\"{}\" y=\"{}\">0</text>", LEFT - 6.0, n(vol_top + VOL_H));
    s.push_str("</g>");

    // X ticks.
    s.push_str("<g font-size=\"13\" fill=\"#5b6472\" text-anchor=\"middle\">");
    for (d, label) in x_ticks(
        first.period,
        NaiveDate::from_num_days_from_ce_opt(x1 as i32).unwrap_or(last.period),
    ) {
        let x = px(day(d));
        if !(LEFT..=W - RIGHT).contains(&x) {
            continue;
        }
        // Labels at the ends stay inside the chart.
        let half = 4.0 * label.chars().count() as f64;
        let anchor = if x + half > W {
            " text-anchor=\"end\""
        } else if x - half < 0.0 {
            " text-anchor=\"start\""
        } else {
            ""
        };
        let _ = write!(
            s,
            "<line x1=\"{0}\" x2=\"{0}\" y1=\"{1}\" y2=\"{2}\" stroke=\"#c4cad3\"/>\
             <text x=\"{0}\" y=\"{3}\"{anchor}>{4}</text>",
            n(x),
            n(vol_top + VOL_H),
            n(vol_top + VOL_H + 5.0),
            n(vol_top + VOL_H + 19.0),
            esc(&label)
        );
    }
    s.push_str("</g>");

    // Volume bars.
    let bar_w = ((W - LEFT - RIGHT) * plen / (x1 - x0) * 0.8).max(1.0);
    let _ = write!(s, "<g fill=\"#b8c4d6\"><title>{}</title>", esc(l.volume));
    for p in points {
        let _ = write!(
            s,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
            n(mid(p) - bar_w / 2.0),
            n(vy(p.docs)),
            n(bar_w),
            n(vol_top + VOL_H - vy(p.docs))
        );
    }
    s.push_str("</g>");

    // Runs of points no more than `GAP_PERIODS` periods apart: the line and the band break
    // where the data stops, rather than drawing a straight line across months without posts.
    let mut runs: Vec<&[IndexPoint]> = Vec::new();
    let mut start = 0;
    for i in 1..=points.len() {
        let gap = points
            .get(i)
            .is_none_or(|p| day(p.period) - day(points[i - 1].period) > GAP_PERIODS * plen + 0.5);
        if gap {
            runs.push(&points[start..i]);
            start = i;
        }
    }

    // 95% band (a whisker for a lone point).
    let _ = write!(
        s,
        "<g fill=\"#2f6db5\" fill-opacity=\"0.13\" stroke=\"none\"><title>{}</title>",
        esc(l.interval)
    );
    for run in &runs {
        if let [p] = run {
            let _ = write!(
                s,
                "<rect x=\"{}\" y=\"{}\" width=\"4\" height=\"{}\"/>",
                n(mid(p) - 2.0),
                n(py(p.ci_high)),
                n(py(p.ci_low) - py(p.ci_high))
            );
            continue;
        }
        let mut band = String::new();
        for p in run.iter() {
            let _ = write!(band, "{},{} ", n(mid(p)), n(py(p.ci_high)));
        }
        for p in run.iter().rev() {
            let _ = write!(band, "{},{} ", n(mid(p)), n(py(p.ci_low)));
        }
        let _ = write!(s, "<polygon points=\"{}\"/>", band.trim_end());
    }
    s.push_str("</g>");

    // Segment levels.
    s.push_str("<g stroke=\"#d9822b\" stroke-width=\"2.5\" stroke-linecap=\"round\">");
    for seg in segments {
        let a = px(day(seg.start).max(x0));
        let b = px((day(seg.end) + period_days(shock_period)).min(x1));
        let _ = write!(
            s,
            "<line x1=\"{}\" x2=\"{}\" y1=\"{2}\" y2=\"{2}\"><title>{3} {4}</title></line>",
            n(a),
            n(b),
            n(py(seg.level)),
            esc(l.level),
            fmt_signed(seg.level)
        );
    }
    s.push_str("</g>");

    // The index line, a dot for a lone point.
    s.push_str(
        "<g fill=\"none\" stroke=\"#2f6db5\" stroke-width=\"1.6\" stroke-linejoin=\"round\">",
    );
    for run in &runs {
        if let [p] = run {
            if points.len() > 80 {
                let _ = write!(
                    s,
                    "<circle cx=\"{}\" cy=\"{}\" r=\"1.8\" fill=\"#2f6db5\" stroke=\"none\"/>",
                    n(mid(p)),
                    n(py(p.tone))
                );
            }
            continue;
        }
        let line: Vec<String> =
            run.iter().map(|p| format!("{},{}", n(mid(p)), n(py(p.tone)))).collect();
        let _ = write!(s, "<polyline points=\"{}\"/>", line.join(" "));
    }
    s.push_str("</g>");
    if points.len() <= 80 {
        s.push_str("<g fill=\"#2f6db5\">");
        for p in points {
            let _ = write!(
                s,
                "<circle cx=\"{}\" cy=\"{}\" r=\"2.6\"><title>{} {}: {} ({} {})</title></circle>",
                n(mid(p)),
                n(py(p.tone)),
                esc(&period.label(p.period)),
                esc(l.index),
                fmt_signed(p.tone),
                p.docs,
                esc(l.docs)
            );
        }
        s.push_str("</g>");
    }

    // The foreign and domestic voices: dashed lines, broken where a voice is silent for more
    // than `GAP_PERIODS` periods; a lone point is a dot.
    for (voice, vpoints) in voices {
        let (colour, label) = voice_style(*voice, l);
        let _ = write!(
            s,
            "<g class=\"voice-{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.4\" \
             stroke-dasharray=\"4 3\"><title>{}</title>",
            voice.as_str(),
            esc(label)
        );
        let mut run: Vec<String> = Vec::new();
        let flush = |run: &mut Vec<String>, s: &mut String| {
            match run.len() {
                0 => {}
                1 => {
                    let xy: Vec<&str> = run[0].split(',').collect();
                    let _ = write!(
                        s,
                        "<circle cx=\"{}\" cy=\"{}\" r=\"2\" fill=\"{colour}\" stroke=\"none\"/>",
                        xy[0],
                        xy.get(1).copied().unwrap_or("0")
                    );
                }
                _ => {
                    let _ = write!(s, "<polyline points=\"{}\"/>", run.join(" "));
                }
            }
            run.clear();
        };
        for (i, p) in vpoints.iter().enumerate() {
            if i > 0 && day(p.period) - day(vpoints[i - 1].period) > GAP_PERIODS * plen + 0.5 {
                flush(&mut run, &mut s);
            }
            run.push(format!("{},{}", n(mid(p)), n(py(p.tone))));
        }
        flush(&mut run, &mut s);
        s.push_str("</g>");
    }

    // Shocks: labels in up to three rows at the top, each in the first row where it fits.
    let mut row_ends: [f64; 4] = [f64::NEG_INFINITY; 4];
    for (i, sh) in shocks {
        let x = px(day(sh.date));
        // The label with the size where it fits in a row, else the number alone.
        let long = format!("S{i} {}", fmt_signed(sh.size));
        let short = format!("S{i}");
        let place = |text: &str, row_ends: &[f64; 4]| {
            let text_w = 7.4 * text.chars().count() as f64;
            let anchor = if x > W - RIGHT - text_w / 2.0 {
                "end"
            } else if x < LEFT + text_w / 2.0 {
                "start"
            } else {
                "middle"
            };
            let (start, end) = match anchor {
                "end" => (x - text_w, x),
                "start" => (x, x + text_w),
                _ => (x - text_w / 2.0, x + text_w / 2.0),
            };
            row_ends.iter().position(|e| *e + 5.0 < start).map(|row| (row, anchor, end, x))
        };
        // Crowded: the number alone, just after the label that ends first.
        let squeeze = |row_ends: &[f64; 4]| {
            let (row, e) = row_ends
                .iter()
                .enumerate()
                .min_by(|a, b| a.1.total_cmp(b.1))
                .map_or((0, x), |(r, e)| (r, *e));
            let tx = (e + 5.0).min(W - 20.0);
            (row, "start", tx + 7.4 * short.chars().count() as f64, tx)
        };
        let (label, (row, anchor, end, tx)) = match place(&long, &row_ends) {
            Some(p) => (long.clone(), p),
            None => (short.clone(), place(&short, &row_ends).unwrap_or_else(|| squeeze(&row_ends))),
        };
        row_ends[row] = end;
        let ly = 12.0 + 12.5 * row as f64;
        let colour = if sh.size < 0.0 { "#b3261e" } else { "#1b7f3b" };
        let xs = n(x);
        let _ = write!(
            s,
            "<g><title>{shock} {date}: {before} → {after} ({size})</title>\
             <line x1=\"{xs}\" x2=\"{xs}\" y1=\"{y0}\" y2=\"{y1}\" stroke=\"{colour}\" \
             stroke-width=\"1.5\" stroke-dasharray=\"5 4\"/>\
             <text x=\"{txs}\" y=\"{ly}\" font-size=\"12\" font-weight=\"600\" fill=\"{colour}\" \
             text-anchor=\"{anchor}\">{label}</text></g>",
            shock = esc(l.shock),
            date = sh.date,
            before = fmt_signed(sh.before),
            after = fmt_signed(sh.after),
            size = fmt_signed(sh.size),
            y0 = n(ly + 4.0),
            y1 = n(vol_top + VOL_H),
            txs = n(tx),
        );
    }

    // Legend, under the axis.
    let ly = TOP + IDX_H + GAP + VOL_H + AXIS_H + 12.0;
    let _ = write!(
        s,
        "<g font-size=\"12\" fill=\"#5b6472\"><line x1=\"{0}\" x2=\"{1}\" y1=\"{ly}\" y2=\"{ly}\" stroke=\"#2f6db5\" stroke-width=\"2\"/>\
         <text x=\"{2}\" y=\"{3}\">{4}</text>\
         <rect x=\"{5}\" y=\"{6}\" width=\"18\" height=\"9\" fill=\"#2f6db5\" fill-opacity=\"0.13\"/><text x=\"{7}\" y=\"{3}\">{8}</text>\
         <line x1=\"{9}\" x2=\"{10}\" y1=\"{ly}\" y2=\"{ly}\" stroke=\"#d9822b\" stroke-width=\"2.5\"/><text x=\"{11}\" y=\"{3}\">{12}</text>\
         <rect x=\"{13}\" y=\"{6}\" width=\"10\" height=\"9\" fill=\"#b8c4d6\"/><text x=\"{14}\" y=\"{3}\">{15}</text></g>",
        LEFT + 6.0,
        LEFT + 24.0,
        LEFT + 28.0,
        n(ly + 4.0),
        esc(l.index),
        LEFT + 110.0,
        n(ly - 4.5),
        LEFT + 132.0,
        esc(l.interval),
        LEFT + 250.0,
        LEFT + 268.0,
        LEFT + 272.0,
        esc(l.level),
        LEFT + 460.0,
        LEFT + 474.0,
        esc(l.volume),
    );
    for (i, (voice, _)) in voices.iter().enumerate() {
        let (colour, label) = voice_style(*voice, l);
        let x = LEFT + 560.0 + 170.0 * i as f64;
        let _ = write!(
            s,
            "<g font-size=\"12\" fill=\"#5b6472\"><line x1=\"{}\" x2=\"{}\" y1=\"{ly}\" \
             y2=\"{ly}\" stroke=\"{colour}\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/>\
             <text x=\"{}\" y=\"{}\">{}</text></g>",
            n(x),
            n(x + 18.0),
            n(x + 22.0),
            n(ly + 4.0),
            esc(label)
        );
    }
    s.push_str("</svg>");
    s
}

/// The colour and legend of a voice's line.
fn voice_style(v: Voice, l: &Labels) -> (&'static str, &'static str) {
    match v {
        Voice::Foreign => ("#1b7f3b", l.foreign_voice),
        Voice::Domestic => ("#7b3fa0", l.domestic_voice),
        Voice::Unknown => ("#8a8f98", ""),
    }
}

fn fmt_tick(t: f64) -> String {
    if t == 0.0 { "0".to_owned() } else { format!("{t:+.1}") }
}

/// A signed value with two decimals.
pub(crate) fn fmt_signed(x: f64) -> String {
    if x.abs() < 0.005 { "0.00".to_owned() } else { format!("{x:+.2}") }
}

/// Ticks for a date axis: years, quarters, months or weeks by the span.
fn x_ticks(from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, String)> {
    let span = (to - from).num_days();
    let mut out = Vec::new();
    let months = |step: u32, out: &mut Vec<(NaiveDate, String)>, fmt: &str| {
        let mut y = from.year();
        let mut m = 1u32;
        while let Some(d) = NaiveDate::from_ymd_opt(y, m, 1) {
            if d > to {
                break;
            }
            if d >= from {
                out.push((d, d.format(fmt).to_string()));
            }
            m += step;
            if m > 12 {
                m -= 12;
                y += 1;
            }
        }
    };
    if span > 3 * 366 {
        months(12, &mut out, "%Y");
    } else if span > 500 {
        months(3, &mut out, "%Y-%m");
    } else if span > 100 {
        months(1, &mut out, "%Y-%m");
    } else {
        let step = (span / 7).max(1);
        let mut d = from;
        while d <= to {
            out.push((d, d.format("%m-%d").to_string()));
            d += chrono::Duration::days(step);
        }
    }
    out
}

/// The relations graph: countries on a circle (the `max_nodes` most involved), directed edges
/// coloured by tone and as wide as their volume, arrows at the target.
pub(crate) fn relations_graph(
    edges: &[Edge],
    label: impl Fn(&str) -> String,
    max_nodes: usize,
    l: &Labels,
) -> String {
    let mut involvement: BTreeMap<&str, u64> = BTreeMap::new();
    let mut received: BTreeMap<&str, u64> = BTreeMap::new();
    for e in edges.iter().filter(|e| e.source != e.target) {
        *involvement.entry(&e.source).or_default() += e.docs;
        *involvement.entry(&e.target).or_default() += e.docs;
        *received.entry(&e.target).or_default() += e.docs;
    }
    let mut nodes: Vec<(&str, u64)> = involvement.into_iter().collect();
    nodes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    nodes.truncate(max_nodes);
    // Alphabetical around the circle, so a reader finds a country.
    nodes.sort_by(|a, b| a.0.cmp(b.0));
    let (w, h) = (880.0, 600.0);
    let (cx, cy, r) = (w / 2.0, 292.0, 215.0);
    let k = nodes.len().max(1) as f64;
    let pos: BTreeMap<&str, (f64, f64)> = nodes
        .iter()
        .enumerate()
        .map(|(i, (id, _))| {
            let a = -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * i as f64 / k;
            (*id, (cx + r * a.cos(), cy + r * a.sin()))
        })
        .collect();
    let max_in = received.values().copied().max().unwrap_or(1).max(1) as f64;
    let radius =
        |id: &str| 7.0 + 15.0 * (received.get(id).copied().unwrap_or(0) as f64 / max_in).sqrt();
    let max_docs = edges.iter().map(|e| e.docs).max().unwrap_or(1).max(1) as f64;

    let mut s = String::new();
    let _ = write!(
        s,
        "<svg class=\"graph\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{}\">",
        esc(l.relations)
    );
    // Edges, lightest first so heavy ones sit on top.
    let mut drawn: Vec<&Edge> = edges
        .iter()
        .filter(|e| {
            e.source != e.target
                && pos.contains_key(e.source.as_str())
                && pos.contains_key(e.target.as_str())
        })
        .collect();
    drawn.sort_by_key(|e| e.docs);
    s.push_str("<g fill=\"none\" stroke-linecap=\"round\">");
    for e in &drawn {
        let (Some(&(x1, y1)), Some(&(x2, y2))) =
            (pos.get(e.source.as_str()), pos.get(e.target.as_str()))
        else {
            continue;
        };
        let (dx, dy) = (x2 - x1, y2 - y1);
        let len = (dx * dx + dy * dy).sqrt().max(1.0);
        let (ux, uy) = (dx / len, dy / len);
        // Bend to the right of the direction, so A→B and B→A do not overlap.
        let bend = 0.18 * len;
        let (mx, my) = ((x1 + x2) / 2.0 - uy * bend, (y1 + y2) / 2.0 + ux * bend);
        let rs = radius(&e.source) + 2.0;
        let rt = radius(&e.target) + 4.0;
        let (sx, sy) = toward((x1, y1), (mx, my), rs);
        let (tx, ty) = toward((x2, y2), (mx, my), rt);
        let width = 1.2 + 8.0 * (e.docs as f64 / max_docs).sqrt();
        // The arrowhead: a triangle at the target along the curve's last tangent; the curve
        // stops at its base.
        let head = 7.0 + 1.6 * width;
        let (hx, hy) = toward((tx, ty), (mx, my), head);
        let (ux, uy) = ((tx - hx) / head, (ty - hy) / head);
        let half = 0.5 * head.max(width + 4.0) * 0.8;
        let colour = tone_colour(e.tone);
        let _ = write!(
            s,
            "<g><title>{} → {}: {} {}, {} {}{}</title>\
             <path d=\"M{},{} Q{},{} {},{}\" stroke=\"{colour}\" stroke-width=\"{}\" stroke-opacity=\"0.85\"/>\
             <path d=\"M{},{} L{},{} L{},{} z\" fill=\"{colour}\" stroke=\"none\"/></g>",
            esc(&e.source),
            esc(&e.target),
            e.docs,
            esc(l.docs),
            esc(l.tone),
            fmt_signed(e.tone),
            actions_text(e, l),
            n(sx),
            n(sy),
            n(mx),
            n(my),
            n(hx),
            n(hy),
            n(width),
            n(tx),
            n(ty),
            n(hx - uy * half),
            n(hy + ux * half),
            n(hx + uy * half),
            n(hy - ux * half),
        );
    }
    s.push_str("</g>");
    // Nodes and labels.
    s.push_str("<g font-size=\"14\" fill=\"#1d2430\">");
    for (id, _) in &nodes {
        let Some(&(x, y)) = pos.get(id) else { continue };
        let rad = radius(id);
        let (ux, uy) = ((x - cx) / r, (y - cy) / r);
        let (lx, ly) = (x + ux * (rad + 10.0), y + uy * (rad + 10.0) + 5.0);
        let anchor = if ux > 0.3 {
            "start"
        } else if ux < -0.3 {
            "end"
        } else {
            "middle"
        };
        let ly = if uy < -0.9 {
            ly - 4.0
        } else if uy > 0.9 {
            ly + 6.0
        } else {
            ly
        };
        let name = label(id);
        let _ = write!(
            s,
            "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"#ffffff\" stroke=\"#1d2430\" stroke-width=\"1.5\"><title>{}</title></circle>\
             <text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\"><tspan font-weight=\"600\">{}</tspan> {}</text>",
            n(x),
            n(y),
            n(rad),
            esc(&name),
            n(lx),
            n(ly),
            esc(id),
            esc(&short(&name, 18)),
        );
    }
    s.push_str("</g>");
    // Legend.
    let _ = write!(
        s,
        "<g font-size=\"12\" fill=\"#5b6472\"><text x=\"12\" y=\"{}\">{}:</text>",
        h - 14.0,
        esc(l.tone_legend)
    );
    let names = [l.negative, "", l.neutral, "", l.positive];
    let mut x = 52.0;
    for ((_, colour), name) in TONE_BINS.iter().zip(names) {
        let _ = write!(
            s,
            "<rect x=\"{}\" y=\"{}\" width=\"22\" height=\"6\" fill=\"{colour}\"/>",
            n(x),
            h - 21.0
        );
        x += 26.0;
        if !name.is_empty() {
            let _ = write!(s, "<text x=\"{}\" y=\"{}\">{}</text>", n(x), h - 14.0, esc(name));
            x += 8.0 * name.chars().count() as f64;
        }
    }
    s.push_str("</g></svg>");
    s
}

/// The coded actions of an edge for its tooltip: "; verbal coop. 52, …, Goldstein +1.7".
fn actions_text(e: &Edge, l: &Labels) -> String {
    let Some(g) = e.goldstein else { return String::new() };
    format!(
        "; {} {}, {} {}, {} {}, {} {}, {} {g:+.1}",
        esc(l.verbal_coop),
        e.verbal_coop,
        esc(l.material_coop),
        e.material_coop,
        esc(l.verbal_conflict),
        e.verbal_conflict,
        esc(l.material_conflict),
        e.material_conflict,
        esc(l.goldstein)
    )
}

/// The point `d` from `from` toward `to`.
fn toward(from: (f64, f64), to: (f64, f64), d: f64) -> (f64, f64) {
    let (dx, dy) = (to.0 - from.0, to.1 - from.1);
    let len = (dx * dx + dy * dy).sqrt().max(1e-9);
    (from.0 + dx / len * d, from.1 + dy / len * d)
}

fn short(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(max - 1).collect();
    out.push('…');
    out
}

/// A stacked bar of an edge's coded events by quad class (empty without events).
pub(crate) fn quad_bar(e: &Edge) -> String {
    let counts = [e.verbal_coop, e.material_coop, e.verbal_conflict, e.material_conflict];
    let total: u64 = counts.iter().sum();
    if total == 0 {
        return String::new();
    }
    let mut s = String::from("<svg viewBox=\"0 0 120 12\" style=\"width:120px\">");
    let mut x = 0.0;
    for (c, colour) in counts.iter().zip(QUAD_COLOURS) {
        let w = 120.0 * *c as f64 / total as f64;
        if w > 0.0 {
            let _ = write!(
                s,
                "<rect x=\"{}\" y=\"0\" width=\"{}\" height=\"12\" fill=\"{colour}\"/>",
                n(x),
                n(w)
            );
        }
        x += w;
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks010() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let years: Vec<String> =
            x_ticks(d(2015, 3, 1), d(2019, 12, 31)).into_iter().map(|t| t.1).collect();
        assert_eq!(years, ["2016", "2017", "2018", "2019"]);
        let months = x_ticks(d(2017, 1, 10), d(2017, 6, 1));
        assert_eq!(months.first().map(|t| t.1.as_str()), Some("2017-02"));
        assert_eq!(months.len(), 5);
        assert!(!x_ticks(d(2017, 1, 1), d(2017, 1, 20)).is_empty());
    }

    #[test]
    fn colour010() {
        let rows = [
            (-0.9, "#b3261e"),
            (-0.2, "#e07a5f"),
            (0.0, "#8a8f98"),
            (0.2, "#6aa84f"),
            (0.8, "#1b7f3b"),
        ];
        for (t, want) in rows {
            assert_eq!(tone_colour(t), want, "{t}");
        }
    }
}
