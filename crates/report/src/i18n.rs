//! The report's words in English and Bahasa Indonesia: one struct of labels per language, so a
//! label missing in one language does not compile.

/// A language of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// English.
    En,
    /// Bahasa Indonesia.
    Id,
}

impl Lang {
    /// The HTML `lang` attribute.
    pub(crate) fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Id => "id",
        }
    }

    pub(crate) fn labels(self) -> &'static Labels {
        match self {
            Lang::En => &EN,
            Lang::Id => &ID,
        }
    }
}

/// Every label the report prints.
pub(crate) struct Labels {
    pub(crate) title: &'static str,
    pub(crate) store: &'static str,
    pub(crate) range: &'static str,
    pub(crate) all_data: &'static str,
    pub(crate) generated: &'static str,
    pub(crate) version: &'static str,
    /// "What counted": the `--leaders` and `--voice` modes in the header.
    pub(crate) counted: &'static str,
    pub(crate) how_to_read: &'static str,
    pub(crate) how_to_read_text: &'static str,
    pub(crate) contents: &'static str,
    pub(crate) image_of: &'static str,
    pub(crate) chart_caption: &'static str,
    pub(crate) index: &'static str,
    pub(crate) interval: &'static str,
    pub(crate) level: &'static str,
    pub(crate) volume: &'static str,
    /// The foreign voice's line (authors of another country: the international image).
    pub(crate) foreign_voice: &'static str,
    /// The domestic voice's line (authors of the country itself).
    pub(crate) domestic_voice: &'static str,
    /// What counted: leaders, voice, where the author's country comes from.
    pub(crate) counting_note: &'static str,
    pub(crate) shock: &'static str,
    pub(crate) shocks: &'static str,
    pub(crate) no_shocks: &'static str,
    /// Fewer change points shown than found: `{shown}`, `{total}` and `{code}` are filled in.
    pub(crate) shocks_shown: &'static str,
    pub(crate) no_data: &'static str,
    pub(crate) empty_store: &'static str,
    pub(crate) shocks_method: &'static str,
    pub(crate) date: &'static str,
    pub(crate) before: &'static str,
    pub(crate) after: &'static str,
    pub(crate) change: &'static str,
    pub(crate) ci95: &'static str,
    pub(crate) docs_after: &'static str,
    pub(crate) mentions: &'static str,
    pub(crate) docs: &'static str,
    pub(crate) posts: &'static str,
    pub(crate) what_moved: &'static str,
    pub(crate) window: &'static str,
    pub(crate) baseline: &'static str,
    pub(crate) top_actors: &'static str,
    pub(crate) top_posts: &'static str,
    pub(crate) actor: &'static str,
    pub(crate) share: &'static str,
    /// A range open at its end: "from {}" with the first day.
    pub(crate) range_from: &'static str,
    /// A range open at its start: "until {}" with the last day.
    pub(crate) range_until: &'static str,
    /// What a share outside 0–100% means.
    pub(crate) share_note: &'static str,
    pub(crate) reach: &'static str,
    pub(crate) engagement: &'static str,
    pub(crate) tone: &'static str,
    pub(crate) sentence: &'static str,
    pub(crate) unknown: &'static str,
    pub(crate) leaderboard: &'static str,
    pub(crate) leaderboard_note: &'static str,
    pub(crate) country: &'static str,
    pub(crate) per_post: &'static str,
    pub(crate) about_country: &'static str,
    pub(crate) tone_given: &'static str,
    pub(crate) languages: &'static str,
    pub(crate) top_post: &'static str,
    pub(crate) no_actors: &'static str,
    pub(crate) relations: &'static str,
    pub(crate) relations_note: &'static str,
    pub(crate) no_relations: &'static str,
    pub(crate) rebuttals: &'static str,
    pub(crate) rebuttals_note: &'static str,
    pub(crate) no_attacks: &'static str,
    pub(crate) attacked_by: &'static str,
    pub(crate) first_answer: &'static str,
    pub(crate) delay: &'static str,
    pub(crate) low: &'static str,
    pub(crate) recovered: &'static str,
    pub(crate) unanswered: &'static str,
    pub(crate) yes_no_unclear: [&'static str; 3],
    pub(crate) honest: &'static str,
    pub(crate) year: &'static str,
    pub(crate) honest_note: &'static str,
    pub(crate) counted_as: &'static str,
    pub(crate) all_posts: &'static str,
    pub(crate) without_coordinated: &'static str,
    pub(crate) each_story_once: &'static str,
    pub(crate) left_out: &'static str,
    pub(crate) cluster: &'static str,
    pub(crate) accounts: &'static str,
    pub(crate) seconds_apart: &'static str,
    pub(crate) example: &'static str,
    pub(crate) no_clusters: &'static str,
    pub(crate) story: &'static str,
    pub(crate) copies: &'static str,
    pub(crate) first_poster: &'static str,
    pub(crate) spread: &'static str,
    pub(crate) no_stories: &'static str,
    pub(crate) source: &'static str,
    pub(crate) target: &'static str,
    pub(crate) verbal_coop: &'static str,
    pub(crate) material_coop: &'static str,
    pub(crate) verbal_conflict: &'static str,
    pub(crate) material_conflict: &'static str,
    pub(crate) goldstein: &'static str,
    pub(crate) coop_conflict: &'static str,
    pub(crate) negative: &'static str,
    pub(crate) neutral: &'static str,
    pub(crate) positive: &'static str,
    pub(crate) tone_legend: &'static str,
    pub(crate) footer: &'static str,
    /// Day, week, month, year.
    pub(crate) periods: [&'static str; 4],
}

impl Labels {
    /// The name of a period ("week").
    pub(crate) fn period_name(&self, p: citra_analytics::Period) -> &'static str {
        match p {
            citra_analytics::Period::Day => self.periods[0],
            citra_analytics::Period::Week => self.periods[1],
            citra_analytics::Period::Month => self.periods[2],
            citra_analytics::Period::Year => self.periods[3],
        }
    }
}

const EN: Labels = Labels {
    title: "citra report: the international image of countries",
    store: "Store",
    range: "Range",
    all_data: "all dated posts",
    generated: "Generated",
    version: "citra version",
    counted: "Counted",
    how_to_read: "How to read this report",
    how_to_read_text: "The citra index of a country is the tone of what posts say about it, from −1 \
        (hostile) to +1 (warm), averaged over the posts that mention it in a period. Each post \
        counts once per country, with the mean tone of its mentions of that country, and weighs \
        w = 1 + ln(1 + engagement), so a post that travelled far counts more but never drowns \
        the rest (a post with 50,000 reshares weighs about 11.8). The shaded band is the 95% \
        interval of the index (Student's t on the effective number of posts): wide where few \
        posts speak. Bars show how many posts mention the country. Dashed lines mark shocks: \
        change points in the index found with PELT (Killick, Fearnhead & Eckley 2012); below \
        each chart, the actors and posts that moved it, with the sentence that carries the tone \
        and the country's name highlighted.",
    contents: "Contents",
    image_of: "Image of",
    chart_caption: "citra index per period with its 95% interval, segment levels between shocks, \
        and posts per period",
    index: "index",
    interval: "95% interval",
    level: "level between shocks",
    volume: "posts",
    foreign_voice: "foreign voice",
    domestic_voice: "domestic voice",
    counting_note: "The green dashed line is the foreign voice (authors of another country: the \
        country's international image), the purple one the domestic voice (authors of the \
        country itself); posts whose author's country is unknown are in the index line only. \
        The author's country comes from the actor registry's accounts and the --authors file. \
        Leaders' names, titles and @handles count only with --leaders include, and only while \
        they hold office; an author's own name never counts.",
    shock: "Shock",
    shocks: "Shocks",
    no_shocks: "No change point at this volume and penalty.",
    shocks_shown: "Shown: the {shown} largest of {total} change points (by the size of the \
        change); `citra shocks --country {code}` lists them all.",
    no_data: "No dated, scored mentions of this country in the range.",
    empty_store: "The store holds no dated mentions in this range: ingest posts first \
        (citra ingest FILE, or citra demo).",
    shocks_method: "PELT, change in mean of the reach-weighted tone, BIC penalty, at least 5 \
        mentions per bin",
    date: "date",
    before: "before",
    after: "after",
    change: "change",
    ci95: "95% CI",
    docs_after: "posts after",
    mentions: "mentions",
    docs: "posts",
    posts: "posts",
    what_moved: "What moved it",
    window: "window",
    baseline: "baseline",
    top_actors: "Actors",
    top_posts: "Posts",
    actor: "actor",
    share: "share of change",
    range_from: "from {}",
    range_until: "until {}",
    share_note: "The shares of all posts sum to 100% of the change. A share over 100% is a post \
        that moved the index further than the whole change, made up for by posts with negative \
        shares, which pulled against it.",
    reach: "reach",
    engagement: "engagement",
    tone: "tone",
    sentence: "sentence (mention highlighted)",
    unknown: "(unknown)",
    leaderboard: "Actor leaderboard",
    leaderboard_note: "Actors whose posts mention the country, by engagement.",
    country: "country",
    per_post: "per post",
    about_country: "posts about it",
    tone_given: "tone toward it",
    languages: "languages",
    top_post: "most engaged post",
    no_actors: "No actor with an author name talks about this country in the range.",
    relations: "Relations between countries",
    relations_note: "Arrows go from the country of a post's author (as the actor registry \
        knows it) to the country the post talks about; colour is the tone, width the number of \
        posts. The table adds the actions coded in the posts (CAMEO quad classes): what the \
        source is reported doing to the target, with the mean Goldstein intensity (−10 conflict \
        … +10 cooperation).",
    no_relations: "No post from an author whose country is known talks about another country \
        in the range.",
    rebuttals: "Attacks and answers",
    rebuttals_note: "Posts by other countries' officials (heads of state or government, \
        foreign ministers and ministries, embassies, as the actor registry knows their accounts) \
        with a strongly negative tone toward the country (at most −0.5) or a conflict action \
        coded against it, the first answer of the country's own officials within 72 hours \
        (a reply, a quote, or a post naming the attacker's country with a tone or action), and \
        the country's index over the 7 days before the attack, at its lowest day until the \
        answer and over the 7 days after the answer (95% intervals). Recovered: the level after \
        is at least the lower bound before (citra rebuttals).",
    no_attacks: "No post of another country's official attacks this country in the range.",
    attacked_by: "attack by",
    first_answer: "first answer",
    delay: "after",
    low: "low",
    recovered: "recovered",
    unanswered: "unanswered",
    yes_no_unclear: ["yes", "no", "unclear"],
    honest: "Counted honestly: coordination and copies",
    year: "year",
    honest_note: "The index over the whole range three ways: every post; without the posts of \
        accounts in coordination clusters (pairs of accounts that posted the same text, \
        reshared the same post or shared the same URL within 10 seconds of each other at least \
        twice; citra coordination); and with each near-duplicate story counted once (texts \
        whose word 3-shingles have a Jaccard index of at least 0.6 once links, handles and \
        hashtags are removed; the first copy stands for all, weighted by their engagement \
        summed; citra stories). Then the clusters and the stories that talk about the country.",
    counted_as: "counted",
    all_posts: "every post",
    without_coordinated: "without coordinated accounts",
    each_story_once: "each story once",
    left_out: "left out or merged",
    cluster: "cluster",
    accounts: "accounts",
    seconds_apart: "gap s (min / median)",
    example: "example",
    no_clusters: "No coordination cluster talks about this country in the range.",
    story: "story",
    copies: "copies",
    first_poster: "first poster",
    spread: "spread",
    no_stories: "No near-duplicate story mentions this country in the range.",
    source: "from",
    target: "to",
    verbal_coop: "verbal coop.",
    material_coop: "material coop.",
    verbal_conflict: "verbal conflict",
    material_conflict: "material conflict",
    goldstein: "Goldstein",
    coop_conflict: "cooperation / conflict",
    negative: "negative",
    neutral: "neutral",
    positive: "positive",
    tone_legend: "tone",
    footer: "Made by citra from the posts in the store; every number traces back to a post and \
        the words behind it (citra explain, citra mentions --explain).",
    periods: ["by day", "by week", "by month", "by year"],
};

const ID: Labels = Labels {
    title: "Laporan citra: citra internasional negara-negara",
    store: "Basis data",
    range: "Rentang",
    all_data: "semua unggahan bertanggal",
    generated: "Dibuat",
    version: "versi citra",
    counted: "Dihitung",
    how_to_read: "Cara membaca laporan ini",
    how_to_read_text: "Indeks citra sebuah negara adalah nada dari apa yang dikatakan unggahan \
        tentang negara itu, dari −1 (bermusuhan) sampai +1 (hangat), dirata-ratakan atas \
        unggahan yang menyebutnya dalam satu periode. Setiap unggahan dihitung sekali per negara, \
        dengan rata-rata nada sebutannya tentang negara itu, dan berbobot \
        w = 1 + ln(1 + keterlibatan), sehingga unggahan yang menyebar jauh lebih berbobot tetapi \
        tidak menenggelamkan yang lain (unggahan dengan 50.000 bagikan ulang berbobot sekitar \
        11,8). Pita berarsir adalah selang kepercayaan 95% indeks (t Student pada jumlah efektif \
        unggahan): lebar bila sedikit unggahan yang bersuara. Batang menunjukkan jumlah unggahan \
        yang menyebut negara itu. Garis putus-putus menandai guncangan: titik perubahan indeks \
        yang ditemukan dengan PELT (Killick, Fearnhead & Eckley 2012); di bawah setiap grafik, \
        aktor dan unggahan yang menggerakkannya, dengan kalimat pembawa nada dan nama negara \
        yang disorot.",
    contents: "Isi",
    image_of: "Citra",
    chart_caption: "indeks citra per periode dengan selang 95%, tingkat antar-guncangan, dan \
        jumlah unggahan per periode",
    index: "indeks",
    interval: "selang 95%",
    level: "tingkat antar-guncangan",
    volume: "unggahan",
    foreign_voice: "suara asing",
    domestic_voice: "suara domestik",
    counting_note: "Garis putus-putus hijau adalah suara asing (penulis dari negara lain: citra \
        internasional negara itu), yang ungu suara domestik (penulis dari negara itu sendiri); \
        unggahan yang negara penulisnya tidak diketahui hanya masuk garis indeks. Negara penulis \
        diambil dari akun dalam registri aktor dan berkas --authors. Nama, jabatan, dan @akun \
        pemimpin hanya dihitung dengan --leaders include, dan hanya selama menjabat; nama penulis \
        sendiri tidak pernah dihitung.",
    shock: "Guncangan",
    shocks: "Guncangan",
    no_shocks: "Tidak ada titik perubahan pada volume dan penalti ini.",
    shocks_shown: "Ditampilkan: {shown} titik perubahan terbesar dari {total} (menurut \
        besarnya perubahan); `citra shocks --country {code}` menampilkan semuanya.",
    no_data: "Tidak ada sebutan bertanggal dan bernilai nada untuk negara ini dalam rentang ini.",
    empty_store: "Basis data tidak berisi sebutan bertanggal dalam rentang ini: masukkan \
        unggahan dahulu (citra ingest BERKAS, atau citra demo).",
    shocks_method: "PELT, perubahan rata-rata nada berbobot jangkauan, penalti BIC, minimal 5 \
        sebutan per kelompok",
    date: "tanggal",
    before: "sebelum",
    after: "sesudah",
    change: "perubahan",
    ci95: "SK 95%",
    docs_after: "unggahan sesudah",
    mentions: "sebutan",
    docs: "unggahan",
    posts: "unggahan",
    what_moved: "Apa yang menggerakkannya",
    window: "jendela",
    baseline: "pembanding",
    top_actors: "Aktor",
    top_posts: "Unggahan",
    actor: "aktor",
    share: "porsi perubahan",
    range_from: "sejak {}",
    range_until: "sampai {}",
    share_note: "Porsi semua unggahan berjumlah 100% dari perubahan. Porsi di atas 100% adalah \
        unggahan yang menggeser indeks lebih jauh daripada seluruh perubahan, diimbangi oleh \
        unggahan berporsi negatif yang menarik ke arah sebaliknya.",
    reach: "jangkauan",
    engagement: "keterlibatan",
    tone: "nada",
    sentence: "kalimat (sebutan disorot)",
    unknown: "(tidak diketahui)",
    leaderboard: "Papan peringkat aktor",
    leaderboard_note: "Aktor yang unggahannya menyebut negara ini, menurut keterlibatan.",
    country: "negara",
    per_post: "per unggahan",
    about_country: "unggahan tentangnya",
    tone_given: "nada terhadapnya",
    languages: "bahasa",
    top_post: "unggahan paling ramai",
    no_actors: "Tidak ada aktor bernama yang membicarakan negara ini dalam rentang ini.",
    relations: "Hubungan antarnegara",
    relations_note: "Panah berjalan dari negara penulis unggahan (menurut daftar aktor) ke \
        negara yang dibicarakan; warna menunjukkan nada, tebal garis jumlah unggahan. Tabel \
        menambahkan tindakan yang dikodekan dalam unggahan (kelas kuad CAMEO): apa yang \
        dilakukan sumber terhadap sasaran menurut unggahan, dengan rata-rata intensitas \
        Goldstein (−10 konflik … +10 kerja sama).",
    no_relations: "Tidak ada unggahan dari penulis yang negaranya diketahui yang membicarakan \
        negara lain dalam rentang ini.",
    rebuttals: "Serangan dan jawaban",
    rebuttals_note: "Unggahan pejabat negara lain (kepala negara atau pemerintahan, menteri dan \
        kementerian luar negeri, kedutaan, menurut akun dalam daftar aktor) dengan nada sangat \
        negatif terhadap negara ini (paling tinggi −0,5) atau tindakan konflik yang dikodekan \
        terhadapnya, jawaban pertama pejabat negara ini dalam 72 jam (balasan, kutipan, atau \
        unggahan yang menyebut negara penyerang dengan nada atau tindakan), dan indeks negara \
        ini selama 7 hari sebelum serangan, pada hari terendahnya sampai jawaban, dan selama 7 \
        hari setelah jawaban (interval 95%). Pulih: tingkat sesudahnya paling sedikit batas \
        bawah sebelumnya (citra rebuttals).",
    no_attacks: "Tidak ada unggahan pejabat negara lain yang menyerang negara ini dalam rentang ini.",
    attacked_by: "serangan oleh",
    first_answer: "jawaban pertama",
    delay: "setelah",
    low: "terendah",
    recovered: "pulih",
    unanswered: "tidak dijawab",
    yes_no_unclear: ["ya", "tidak", "belum jelas"],
    honest: "Dihitung jujur: koordinasi dan salinan",
    year: "tahun",
    honest_note: "Indeks selama seluruh rentang dengan tiga cara: semua unggahan; tanpa \
        unggahan akun dalam klaster koordinasi (pasangan akun yang mengunggah teks yang sama, \
        membagikan ulang unggahan yang sama atau membagikan URL yang sama dalam 10 detik satu \
        sama lain paling sedikit dua kali; citra coordination); dan dengan setiap cerita \
        hampir-duplikat dihitung sekali (teks yang 3-shingle katanya memiliki indeks Jaccard \
        paling sedikit 0,6 setelah tautan, handle dan tagar dibuang; salinan pertama mewakili \
        semuanya, dengan bobot keterlibatan semuanya dijumlahkan; citra stories). Lalu klaster \
        dan cerita yang membicarakan negara ini.",
    counted_as: "dihitung",
    all_posts: "semua unggahan",
    without_coordinated: "tanpa akun terkoordinasi",
    each_story_once: "setiap cerita sekali",
    left_out: "dibuang atau digabung",
    cluster: "klaster",
    accounts: "akun",
    seconds_apart: "jeda detik (min / median)",
    example: "contoh",
    no_clusters: "Tidak ada klaster koordinasi yang membicarakan negara ini dalam rentang ini.",
    story: "cerita",
    copies: "salinan",
    first_poster: "pengunggah pertama",
    spread: "sebaran",
    no_stories: "Tidak ada cerita hampir-duplikat yang menyebut negara ini dalam rentang ini.",
    source: "dari",
    target: "ke",
    verbal_coop: "kerja sama verbal",
    material_coop: "kerja sama material",
    verbal_conflict: "konflik verbal",
    material_conflict: "konflik material",
    goldstein: "Goldstein",
    coop_conflict: "kerja sama / konflik",
    negative: "negatif",
    neutral: "netral",
    positive: "positif",
    tone_legend: "nada",
    footer: "Dibuat oleh citra dari unggahan dalam basis data; setiap angka dapat ditelusuri \
        ke unggahan dan kata-kata di baliknya (citra explain, citra mentions --explain).",
    periods: ["per hari", "per minggu", "per bulan", "per tahun"],
};
