// The single translation unit that compiles Boost.URL for the whole project.
#include <boost/url/src.hpp>
