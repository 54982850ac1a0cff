// The single translation unit that compiles Boost.JSON for the whole project.
#include <boost/json/src.hpp>
