//! Languages, keyed by ISO 639-3.

use serde::{Deserialize, Serialize};

macro_rules! langs {
    ($( $var:ident => $iso3:literal, $iso1:literal, $name:literal; )*) => {
        /// A language, keyed by ISO 639-3. [`Lang::Und`] is "undetermined", not an error.
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Lang {
            $( #[doc = $name] $var, )*
            /// Undetermined (ISO 639-3 `und`).
            #[default]
            Und,
        }

        impl Lang {
            /// Every language, `Und` last.
            pub const ALL: &'static [Lang] = &[$(Lang::$var,)* Lang::Und];

            /// ISO 639-3 code.
            pub fn iso639_3(self) -> &'static str {
                match self { $(Lang::$var => $iso3,)* Lang::Und => "und" }
            }

            /// ISO 639-1 code, where the language has one.
            pub fn iso639_1(self) -> Option<&'static str> {
                match self { $(Lang::$var => if $iso1.is_empty() { None } else { Some($iso1) },)* Lang::Und => None }
            }

            /// English name.
            pub fn name(self) -> &'static str {
                match self { $(Lang::$var => $name,)* Lang::Und => "Undetermined" }
            }

            /// Parses an ISO 639-1 or 639-3 code, or an English name, case-insensitively;
            /// anything else is [`Lang::Und`].
            pub fn from_code(code: &str) -> Lang {
                let c = code.trim().to_ascii_lowercase();
                $(
                    if c == $iso3 || (!$iso1.is_empty() && c == $iso1) || c.eq_ignore_ascii_case($name) {
                        return Lang::$var;
                    }
                )*
                match c.as_str() {
                    // Aliases seen in platform data.
                    "in" => Lang::Ind, // Twitter's old code for Indonesian
                    "iw" => Lang::Heb,
                    "zh-cn" | "zh-tw" | "zh-hans" | "zh-hant" => Lang::Zho,
                    "msa" | "zsm" => Lang::Msa,
                    "fas" | "per" => Lang::Fas,
                    _ => {
                        // "en-US", "es_419", "pt-BR": keep the primary subtag.
                        match c.split(['-', '_']).next() {
                            Some(p) if p.len() < c.len() => Lang::from_code(p),
                            _ => Lang::Und,
                        }
                    }
                }
            }

            /// The shortest standard code: ISO 639-1 where there is one, else 639-3.
            pub fn code(self) -> &'static str {
                self.iso639_1().unwrap_or(self.iso639_3())
            }
        }
    };
}

langs! {
    Ind => "ind", "id", "Indonesian";
    Eng => "eng", "en", "English";
    Spa => "spa", "es", "Spanish";
    Msa => "msa", "ms", "Malay";
    Jav => "jav", "jv", "Javanese";
    Sun => "sun", "su", "Sundanese";
    Tgl => "tgl", "tl", "Tagalog";
    Por => "por", "pt", "Portuguese";
    Fra => "fra", "fr", "French";
    Deu => "deu", "de", "German";
    Ita => "ita", "it", "Italian";
    Nld => "nld", "nl", "Dutch";
    Rus => "rus", "ru", "Russian";
    Ukr => "ukr", "uk", "Ukrainian";
    Bel => "bel", "be", "Belarusian";
    Bul => "bul", "bg", "Bulgarian";
    Srp => "srp", "sr", "Serbian";
    Hrv => "hrv", "hr", "Croatian";
    Pol => "pol", "pl", "Polish";
    Ces => "ces", "cs", "Czech";
    Ron => "ron", "ro", "Romanian";
    Hun => "hun", "hu", "Hungarian";
    Ell => "ell", "el", "Greek";
    Tur => "tur", "tr", "Turkish";
    Ara => "ara", "ar", "Arabic";
    Heb => "heb", "he", "Hebrew";
    Fas => "fas", "fa", "Persian";
    Urd => "urd", "ur", "Urdu";
    Hin => "hin", "hi", "Hindi";
    Ben => "ben", "bn", "Bengali";
    Zho => "zho", "zh", "Chinese";
    Jpn => "jpn", "ja", "Japanese";
    Kor => "kor", "ko", "Korean";
    Vie => "vie", "vi", "Vietnamese";
    Tha => "tha", "th", "Thai";
    Swe => "swe", "sv", "Swedish";
    Nor => "nor", "no", "Norwegian";
    Dan => "dan", "da", "Danish";
    Fin => "fin", "fi", "Finnish";
    Est => "est", "et", "Estonian";
    Lav => "lav", "lv", "Latvian";
    Lit => "lit", "lt", "Lithuanian";
    Cat => "cat", "ca", "Catalan";
    Kat => "kat", "ka", "Georgian";
    Hye => "hye", "hy", "Armenian";
    Aze => "aze", "az", "Azerbaijani";
    Kaz => "kaz", "kk", "Kazakh";
    Uzb => "uzb", "uz", "Uzbek";
    Swa => "swa", "sw", "Swahili";
    Afr => "afr", "af", "Afrikaans";
    Epo => "epo", "eo", "Esperanto";
    Lat => "lat", "la", "Latin";
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Lang {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Lang {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Lang, D::Error> {
        let s = String::deserialize(d)?;
        Ok(Lang::from_code(&s))
    }
}

/// The language a detector chose for a text, with its confidence in [0, 1].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LangGuess {
    /// The language chosen; [`Lang::Und`] when the text gives too little evidence.
    pub lang: Lang,
    /// Confidence in [0, 1].
    pub confidence: f32,
}

impl LangGuess {
    /// An undetermined guess with zero confidence.
    pub fn undetermined() -> LangGuess {
        LangGuess { lang: Lang::Und, confidence: 0.0 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        let rows: &[(&str, Lang)] = &[
            ("id", Lang::Ind),
            ("in", Lang::Ind),
            ("ind", Lang::Ind),
            ("EN", Lang::Eng),
            ("en-US", Lang::Eng),
            ("es_419", Lang::Spa),
            ("Spanish", Lang::Spa),
            ("Russian", Lang::Rus),
            ("zh-cn", Lang::Zho),
            ("", Lang::Und),
            ("xx", Lang::Und),
            ("und", Lang::Und),
        ];
        for (code, want) in rows {
            assert_eq!(Lang::from_code(code), *want, "{code}");
        }
    }

    #[test]
    fn roundtrip() {
        for &l in Lang::ALL {
            assert_eq!(Lang::from_code(l.code()), l);
            assert_eq!(Lang::from_code(l.iso639_3()), l);
        }
    }
}
