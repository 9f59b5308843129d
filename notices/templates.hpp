// templates.hpp: the notice and staff card templates (notices/templates/), parsed and checked.
//
// The folder holds (UTF-8, Russian; the syntax is that of template.hpp):
//   acceptance.txt        the acceptance notice      first line "subject: ...", then the body
//   refusal.txt           the refusal notice         first line "subject: ...", then the body
//   card.txt              the staff card             first line "subject: ...", then the body
//   alert.txt             the urgent card of an escalated ground (the same form)
//   extension.txt         the notice of a deadline extended by a person
//   reminder.txt          the card reminding a department of a deadline
//   digest.txt            the day's refusals, held refusals and manual letters
//   forward.txt           the covering letter to a competent body, the original attached
//   forwarded.txt         the notice that the appeal went to a competent body
//   salutation.txt        the greeting line of the notices
//   reasons/<code>.txt    one paragraph per reason code of shared/spec/verdicts.md
//   items/<code>.txt      one line per mandatory complaint item (what to add)
// Comment lines ({{! ...}}) may come before the subject line. The placeholders each file
// may use are listed by NoticeTemplates::schema_of() and in notices/README.md.
//
// Promises: from_texts() is pure, and either returns templates for every file above or
// throws TemplateError listing every problem as "file:line: message" (a missing file, an
// unknown file, an unknown placeholder, an unclosed section, a missing subject line, or a
// required placeholder left out: the registration number in the acceptance's and card's
// subject and body, the deadline, the reasons, the missing complaint items, the competent
// body of off_topic, the card's excerpt).
#pragma once

#include <array>
#include <map>
#include <string>
#include <vector>

#include "notices/template.hpp"
#include "rules/verdict.hpp"

namespace obrd {

inline constexpr std::size_t kComplaintItemCount = 5;

// A template with a subject line (acceptance, refusal, card).
struct MailTemplate {
    Template subject;
    Template body;
};

class NoticeTemplates {
  public:
    NoticeTemplates() = default;

    // Every file the folder must hold, as relative names ("reasons/obscene.txt").
    static std::vector<std::string> file_names();
    // The placeholders a file may use (for a file name of file_names()).
    static Schema schema_of(const std::string& file);
    // Relative name -> UTF-8 text. Throws TemplateError (see above).
    static NoticeTemplates from_texts(const std::map<std::string, std::string>& files);

    const MailTemplate& acceptance() const { return acceptance_; }
    const MailTemplate& refusal() const { return refusal_; }
    const MailTemplate& card() const { return card_; }
    const MailTemplate& alert() const { return alert_; }
    const MailTemplate& extension() const { return extension_; }
    const MailTemplate& reminder() const { return reminder_; }
    const MailTemplate& digest() const { return digest_; }
    const MailTemplate& forward() const { return forward_; }
    const MailTemplate& forwarded() const { return forwarded_; }
    const Template& salutation() const { return salutation_; }
    const Template& reason(Reason r) const { return reasons_[static_cast<std::size_t>(r)]; }
    const Template& item(ComplaintItem i) const { return items_[static_cast<std::size_t>(i)]; }

  private:
    MailTemplate acceptance_, refusal_, card_, alert_, extension_, reminder_, digest_, forward_,
        forwarded_;
    Template salutation_;
    std::array<Template, kReasonCount> reasons_;
    std::array<Template, kComplaintItemCount> items_;
};

// Tidies rendered text: line ends become "\n", blanks at line ends go, runs of blank lines
// become one, and blank lines at the start and end go. The result ends without "\n".
std::string tidy_text(std::string_view text);

}  // namespace obrd
