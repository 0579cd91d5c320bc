// grammar/lexical.hpp: PEGTL rules for blanks, comments, identifiers, dotted ids, numbers, strings, keywords.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze_traits.hpp>

namespace ddx::grammar::rules {

namespace pg = tao::pegtl;

// Keyword matchers written by hand: they run before every name, so they compare characters inline
// instead of calling memcmp once per keyword as pg::string does.

/// Matches the characters of a TAO_PEGTL_STRING.
template <typename Text> struct fixed_text;
template <char... Cs> struct fixed_text<pg::ascii::string<Cs...>> {
  using rule_t = fixed_text;
  using subs_t = pg::type_list<>;
  static constexpr char chars[] = {Cs...};
  static constexpr std::string_view text{chars, sizeof...(Cs)};

  template <typename ParseInput>
  static bool match(ParseInput& in) {
    if (in.size(sizeof...(Cs)) < sizeof...(Cs)) return false;
    const char* p = in.current();
    std::size_t i = 0;
    if (!((p[i++] == Cs) && ...)) return false;
    in.bump_in_this_line(sizeof...(Cs));
    return true;
  }
};

/// Classes of bytes, looked up in one table by the hand-written matchers' loops.
enum char_class : std::uint8_t { ident_class = 1, blank_class = 2, string_stop_class = 4 };
inline constexpr auto char_classes = [] {
  std::array<std::uint8_t, 256> t{};
  for (int c = 'a'; c <= 'z'; ++c) t[c] |= ident_class;
  for (int c = '0'; c <= '9'; ++c) t[c] |= ident_class;
  t['_'] |= ident_class;
  for (unsigned char c : {' ', '\t', '\r', '\n'}) t[c] |= blank_class;
  for (unsigned char c : {'"', '\\', '\r', '\n'}) t[c] |= string_stop_class;
  return t;
}();
constexpr bool is_in_class(char c, char_class k) { return (char_classes[static_cast<unsigned char>(c)] & k) != 0; }

/// [a-z0-9_]
constexpr bool is_ident_char(char c) { return is_in_class(c, ident_class); }

/// A set of 1024 bits, one per hash of a word's length and first two letters: a word whose bit is clear is none of
/// the words added, so most names are told from the keywords without comparing them with each.
class word_filter {
 public:
  constexpr void add(std::string_view word) { bits_[slot(word) / 64] |= std::uint64_t{1} << (slot(word) % 64); }
  constexpr bool may_hold(std::string_view word) const { return (bits_[slot(word) / 64] >> (slot(word) % 64)) & 1; }

 private:
  /// `word` is not empty.
  static constexpr std::size_t slot(std::string_view word) {
    const std::size_t second = word.size() > 1 ? static_cast<unsigned char>(word[1]) : 0;
    return (static_cast<unsigned char>(word[0]) * 31 + second * 7 + word.size()) % 1024;
  }
  std::uint64_t bits_[16] = {};
};

/// One of `Sets` (each an any_key<kw...>): the longest run of [a-z0-9_] is one of their words and
/// is not followed by `.`. Same language as sor< key<...>... >, in one scan of the word.
template <typename... Sets> struct any_key_in {
  using rule_t = any_key_in;
  using subs_t = pg::type_list<>;

  template <typename ParseInput>
  static bool match(ParseInput& in) {
    static constexpr word_filter filter = [] {
      word_filter f;
      (Sets::add_to(f), ...);
      return f;
    }();
    const char* begin = in.current();
    const char* p = begin;
    const char* end = in.end();
    while (p != end && is_ident_char(*p)) ++p;
    if (p == begin || (p != end && *p == '.')) return false;
    std::string_view word(begin, static_cast<std::size_t>(p - begin));
    if (!filter.may_hold(word) || !(Sets::contains(word) || ...)) return false;
    in.bump_in_this_line(word.size());
    return true;
  }
};

/// One of the keywords `Keys`.
template <typename... Keys> struct any_key : any_key_in<any_key<Keys...>> {
  static constexpr void add_to(word_filter& f) { (f.add(Keys::text), ...); }
  static constexpr bool contains(std::string_view word) {
    return ((word.size() == Keys::text.size() && word[0] == Keys::text[0] && word == Keys::text) || ...);
  }
};

/// `[a-z_][a-z0-9_]*`: the same language as seq< ranges< 'a', 'z', '_' >, star< ranges< 'a', 'z', '0', '9', '_' > > >,
/// read in one loop instead of one rule invocation per character.
struct word {
  using rule_t = word;
  using subs_t = pg::type_list<>;

  template <typename ParseInput>
  static bool match(ParseInput& in) {
    const char* begin = in.current();
    const char* end = in.end();
    if (begin == end || !((*begin >= 'a' && *begin <= 'z') || *begin == '_')) return false;
    const char* p = begin + 1;
    while (p != end && is_ident_char(*p)) ++p;
    in.bump_in_this_line(static_cast<std::size_t>(p - begin));
    return true;
  }
};

/// One or more characters that a string holds as they are (anything but `"`, `\` and line ends): the same language
/// as plus< not_one< '"', '\\', '\r', '\n' > >, read in one loop.
struct plain_chars {
  using rule_t = plain_chars;
  using subs_t = pg::type_list<>;

  template <typename ParseInput>
  static bool match(ParseInput& in) {
    const char* begin = in.current();
    const char* end = in.end();
    const char* p = begin;
    while (p != end && !is_in_class(*p, string_stop_class)) ++p;
    if (p == begin) return false;
    in.bump_in_this_line(static_cast<std::size_t>(p - begin));
    return true;
  }
};

// clang-format off

// Blanks and comments.
struct comment : pg::seq< pg::one< '#' >, pg::star< pg::not_one< '\n' > > > {};
// clang-format on

/// Blanks and comments: the same language as star< sor< one< ' ', '\t', '\r', '\n' >, comment > >, with blanks
/// skipped in a plain loop; each comment is still matched as `comment`, so its action records it.
struct sep {
  using rule_t = sep;
  using subs_t = pg::type_list<comment>;

  template <pg::apply_mode A, pg::rewind_mode M, template <typename...> class Action,
            template <typename...> class Control, typename ParseInput, typename... States>
  static bool match(ParseInput& in, States&&... st) {
    for (;;) {
      const char* p = in.current();
      const char* end = in.end();
      while (p != end && is_in_class(*p, blank_class)) ++p;
      in.bump(static_cast<std::size_t>(p - in.current()));
      if (p == end || *p != '#') return true;
      // Always matches at `#` (and consumes it).
      (void)Control<comment>::template match<A, pg::rewind_mode::required, Action, Control>(in, st...);
    }
  }
};

// clang-format off
struct line_rest : pg::sor< pg::eol, pg::seq< pg::plus< pg::not_one< '\r', '\n' > >, pg::opt< pg::eol > >, pg::one< '\r' > > {};  // never empty

// Keywords: a keyword is followed by none of [a-z0-9_.].
struct ident_char : pg::ranges< 'a', 'z', '0', '9', '_' > {};
struct key_tail : pg::sor< ident_char, pg::one< '.' > > {};
template< typename Text > struct key : pg::seq< fixed_text< Text >, pg::not_at< key_tail > > { static constexpr std::string_view text = fixed_text< Text >::text; };

struct kw_knowledge_base : key< TAO_PEGTL_STRING( "knowledge_base" ) > {};
struct kw_finding : key< TAO_PEGTL_STRING( "finding" ) > {};
struct kw_value : key< TAO_PEGTL_STRING( "value" ) > {};
struct kw_condition : key< TAO_PEGTL_STRING( "condition" ) > {};
struct kw_fact : key< TAO_PEGTL_STRING( "fact" ) > {};
struct kw_flag : key< TAO_PEGTL_STRING( "flag" ) > {};
struct kw_rule : key< TAO_PEGTL_STRING( "rule" ) > {};
struct kw_test : key< TAO_PEGTL_STRING( "test" ) > {};

struct kw_version : key< TAO_PEGTL_STRING( "version" ) > {};
struct kw_other_prior : key< TAO_PEGTL_STRING( "other_prior" ) > {};
struct kw_regions : key< TAO_PEGTL_STRING( "regions" ) > {};
struct kw_disclaimer : key< TAO_PEGTL_STRING( "disclaimer" ) > {};
struct kw_region : key< TAO_PEGTL_STRING( "region" ) > {};
struct kw_synonyms : key< TAO_PEGTL_STRING( "synonyms" ) > {};
struct kw_description : key< TAO_PEGTL_STRING( "description" ) > {};
struct kw_unit : key< TAO_PEGTL_STRING( "unit" ) > {};
struct kw_range : key< TAO_PEGTL_STRING( "range" ) > {};
struct kw_to : key< TAO_PEGTL_STRING( "to" ) > {};
struct kw_prior : key< TAO_PEGTL_STRING( "prior" ) > {};
struct kw_advice : key< TAO_PEGTL_STRING( "advice" ) > {};
struct kw_source : key< TAO_PEGTL_STRING( "source" ) > {};
struct kw_level : key< TAO_PEGTL_STRING( "level" ) > {};
struct kw_urgency : key< TAO_PEGTL_STRING( "urgency" ) > {};
struct kw_overrides : key< TAO_PEGTL_STRING( "overrides" ) > {};
struct kw_urgency_threshold : key< TAO_PEGTL_STRING( "urgency_threshold" ) > {};
struct kw_when : key< TAO_PEGTL_STRING( "when" ) > {};
struct kw_unless : key< TAO_PEGTL_STRING( "unless" ) > {};
struct kw_then : key< TAO_PEGTL_STRING( "then" ) > {};
struct kw_for : key< TAO_PEGTL_STRING( "for" ) > {};
struct kw_against : key< TAO_PEGTL_STRING( "against" ) > {};
struct kw_assert : key< TAO_PEGTL_STRING( "assert" ) > {};
struct kw_raise : key< TAO_PEGTL_STRING( "raise" ) > {};
struct kw_and : key< TAO_PEGTL_STRING( "and" ) > {};
struct kw_or : key< TAO_PEGTL_STRING( "or" ) > {};
struct kw_not : key< TAO_PEGTL_STRING( "not" ) > {};
struct kw_at : key< TAO_PEGTL_STRING( "at" ) > {};
struct kw_least : key< TAO_PEGTL_STRING( "least" ) > {};
struct kw_of : key< TAO_PEGTL_STRING( "of" ) > {};
struct kw_lr : key< TAO_PEGTL_STRING( "lr" ) > {};
struct kw_present : key< TAO_PEGTL_STRING( "present" ) > {};
struct kw_absent : key< TAO_PEGTL_STRING( "absent" ) > {};
struct kw_values : key< TAO_PEGTL_STRING( "values" ) > {};
struct kw_expect : key< TAO_PEGTL_STRING( "expect" ) > {};
struct kw_first : key< TAO_PEGTL_STRING( "first" ) > {};
struct kw_rank : key< TAO_PEGTL_STRING( "rank" ) > {};
struct kw_in : key< TAO_PEGTL_STRING( "in" ) > {};
struct kw_top : key< TAO_PEGTL_STRING( "top" ) > {};
struct kw_listed : key< TAO_PEGTL_STRING( "listed" ) > {};
struct kw_triage : key< TAO_PEGTL_STRING( "triage" ) > {};
struct kw_most : key< TAO_PEGTL_STRING( "most" ) > {};
struct kw_no : key< TAO_PEGTL_STRING( "no" ) > {};

struct decl_keyword : any_key< kw_knowledge_base, kw_finding, kw_value, kw_condition, kw_fact, kw_flag, kw_rule, kw_test > {};
struct clause_keyword : any_key< kw_version, kw_other_prior, kw_regions, kw_disclaimer, kw_region, kw_synonyms, kw_description, kw_unit, kw_range, kw_to, kw_prior, kw_advice, kw_source, kw_level, kw_urgency, kw_urgency_threshold, kw_overrides, kw_when, kw_unless, kw_then, kw_for, kw_against, kw_assert, kw_raise > {};
struct other_keyword : any_key< kw_and, kw_or, kw_not, kw_at, kw_least, kw_of, kw_lr, kw_present, kw_absent, kw_values, kw_expect, kw_first, kw_rank, kw_in, kw_top, kw_listed, kw_triage, kw_most, kw_no > {};
struct keyword : any_key_in< decl_keyword, clause_keyword, other_keyword > {};

// Identifiers: `[a-z_][a-z0-9_]*`, dotted `ident(.ident)+`; upper case and non-ASCII letters are errors.
struct bad_ident_char : pg::sor< pg::range< 'A', 'Z' >, pg::range< char( 0x80 ), char( 0xFF ) > > {};
struct ident_end : pg::not_at< bad_ident_char > {};
struct dot_segment : word {};
struct name_body : pg::seq< word, pg::star< pg::one< '.' >, pg::must< dot_segment > >, pg::must< ident_end > > {};
struct dotted_body : pg::seq< word, pg::plus< pg::one< '.' >, pg::must< dot_segment > >, pg::must< ident_end > > {};
struct plain_body : pg::seq< word, pg::not_at< pg::one< '.' > >, pg::must< ident_end > > {};
// A name that is not a keyword (dotted names may contain keyword segments).
struct name : pg::seq< pg::not_at< keyword >, name_body > {};
struct plain_name : pg::seq< pg::not_at< keyword >, plain_body > {};
struct dotted_name : dotted_body {};

// Numbers.
struct digits : pg::plus< pg::digit > {};
struct number : pg::seq< pg::opt< pg::one< '-' > >, digits, pg::opt< pg::one< '.' >, digits >, pg::not_at< ident_char > > {};
struct integer : pg::seq< digits, pg::not_at< pg::sor< ident_char, pg::one< '.' > > > > {};

// Strings: one line, escapes \" \\ \n \t.
struct string_open : pg::one< '"' > {};
struct escape_char : pg::one< '"', '\\', 'n', 't' > {};
struct escape : pg::seq< pg::one< '\\' >, pg::must< escape_char > > {};
struct string_char : pg::sor< escape, plain_chars > {};
struct string_close : pg::one< '"' > {};
struct string_lit : pg::seq< string_open, pg::star< string_char >, pg::must< string_close > > {};

// clang-format on

}  // namespace ddx::grammar::rules

// The hand-written matchers consume input whenever they succeed (for pg::analyze).
template <typename Name, typename Text>
struct tao::pegtl::analyze_traits<Name, ddx::grammar::rules::fixed_text<Text>> : analyze_any_traits<> {};
template <typename Name, typename... Sets>
struct tao::pegtl::analyze_traits<Name, ddx::grammar::rules::any_key_in<Sets...>> : analyze_any_traits<> {};
template <typename Name>
struct tao::pegtl::analyze_traits<Name, ddx::grammar::rules::word> : analyze_any_traits<> {};
template <typename Name>
struct tao::pegtl::analyze_traits<Name, ddx::grammar::rules::sep> : analyze_opt_traits<ddx::grammar::rules::comment> {};
template <typename Name>
struct tao::pegtl::analyze_traits<Name, ddx::grammar::rules::plain_chars> : analyze_any_traits<> {};
