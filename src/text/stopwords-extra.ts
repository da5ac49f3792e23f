/**
 * Function words stopwords-iso's lists miss. Its Urdu list lacks the commonest postpositions, auxiliaries
 * and light verbs (میں، نے، سے، کو، ہے …), which then dominate every Urdu vector; found by frequency on
 * COUNTER and checked by hand.
 */
export const EXTRA_STOP_WORDS: Readonly<Record<string, readonly string[]>> = {
  ur: (
    'میں نے سے کو کا کی کے کر اس ان وہ جس جو بھی نہیں نہ تھا تھی تھے گا گی گے کیا کیے کئے دیا دی دیے لیا لی ' +
    'گیا گئی گئے ہوا ہوئی ہوئے ہو ہے ہیں تک پر اور کہ یہ ایک اپنے اپنی اپنا جبکہ تاہم جا جائے جاتا جاتی جاتے رہا ' +
    'رہی رہے کرنے کرتے کرتی والا والی والے لئے لیے کیلئے ساتھ بعد قبل کہا کہنا مطابق انہوں انہیں اسے ہی تو'
  ).split(' '),
};
