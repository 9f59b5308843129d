// ground_threat.cpp: the "threat" ground: threats to the life, health or property of an
// official or of the official's family.
//
// How: the phrases of threats.txt ("пеня на себя", "живым не выйд", "знаю & где & живет"
// ...) matched per sentence, like offensive words, with the same reported-speech
// exemption; a sentence holding an idiom of threats.txt ("!убьём время") does not count.
// Intent is a threat too: a verb of intent, a verb of harm and a person in one sentence
// ("собираюсь убить его"). The noun "угроза" is never a cue: "угроза жизни и здоровью получателей
// социальных услуг" is the language of inspection acts, and "грозите штрафом" is not a
// threat to anyone's life.
#include "rules/context.hpp"

namespace obrd {

void ground_threat(const Context& c, Findings& f) {
    cite_phrases(c, c.data.threats, Reason::threat, "THREAT_PHRASE", "THREAT_INTENT", f,
                 c.data.threat_idioms);
}

}  // namespace obrd
