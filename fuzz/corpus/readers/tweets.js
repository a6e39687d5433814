window.YTD.tweets.part0 = [
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [ "1590000000000000001" ],
          "editableUntil" : "2022-11-08T15:30:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : { "hashtags" : [ ], "symbols" : [ ], "user_mentions" : [ ], "urls" : [ ] },
      "display_text_range" : [ "0", "74" ],
      "favorite_count" : "12",
      "id_str" : "1590000000000000001",
      "truncated" : false,
      "retweet_count" : "3",
      "id" : "1590000000000000001",
      "created_at" : "Tue Nov 08 14:30:00 +0000 2022",
      "favorited" : false,
      "full_text" : "Festival film Indonesia di Meksiko: budaya kita disambut hangat. 🇮🇩🇲🇽",
      "lang" : "in"
    }
  },
  {
    "tweet" : {
      "retweeted" : false,
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "1590000000000000001",
      "id_str" : "1590000000000000002",
      "in_reply_to_user_id" : "55",
      "retweet_count" : "0",
      "created_at" : "Tue Nov 08 15:00:00 +0000 2022",
      "full_text" : "@someone Terima kasih! Sampai jumpa di Ciudad de México.",
      "lang" : "in"
    }
  }
]
