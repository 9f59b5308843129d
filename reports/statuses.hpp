// statuses.hpp: the words a person records an appeal's end with, in one home for obrctl
// close / complaint (which accept them) and the report (which counts them).
#pragma once

#include <vector>

namespace obrd {

// The ССТУ result statuses (shared/reference/legal-notes.md §3), besides «Находится на
// рассмотрении», which is any registered appeal not closed yet.
struct ResultStatus {
    const char* code;
    const char* russian;  // as typed: «поддержано»
    const char* title;    // as reported: «Рассмотрено: Поддержано»
};

inline const std::vector<ResultStatus>& result_statuses() {
    static const std::vector<ResultStatus> all = {
        {"supported", "поддержано", "Рассмотрено: Поддержано"},
        {"measures_taken", "меры приняты", "Рассмотрено: Поддержано, меры приняты"},
        {"explained", "разъяснено", "Рассмотрено: Разъяснено"},
        {"not_supported", "не поддержано", "Рассмотрено: Не поддержано"},
        {"answered", "дан ответ", "Дан ответ автору"},
        {"no_answer", "без ответа", "Оставлено без ответа автору"},
        {"redirected", "направлено по компетенции", "Направлено по компетенции"},
    };
    return all;
}

// The head's decisions on a complaint (248-FZ art. 43 p.6).
struct ComplaintOutcome {
    const char* code;
    const char* russian;
};

inline const std::vector<ComplaintOutcome>& complaint_outcomes() {
    static const std::vector<ComplaintOutcome> all = {
        {"unsatisfied", "жалоба оставлена без удовлетворения"},
        {"cancelled", "решение отменено полностью или частично"},
        {"cancelled-new", "решение отменено полностью, принято новое решение"},
        {"unlawful",
         "действия (бездействие) должностных лиц признаны незаконными, решение принято по "
         "существу"},
    };
    return all;
}

}  // namespace obrd
