// russian_names.hpp: word-level knowledge of Russian personal names.
//
// A list of common first names (nominative) and the shapes of patronymics and surnames.
// Used to tell which word of "Ким Олег Вячеславович" or "Алина Морозова" is which.
// Words are UTF-32 with the first letter upper case and the rest lower case.
#pragma once

#include <string_view>

namespace obrd::names {

bool is_first_name(std::u32string_view word);
bool looks_like_patronymic(std::u32string_view word);
bool looks_like_surname(std::u32string_view word);

}  // namespace obrd::names
