// Package flex decodes the JSON scalars vendors send loosely: text sent as
// a number, numbers sent as text or as 100.0, booleans as 0/1, dates as
// text in several layouts or as Unix times. Each tolerance is written once
// here and shared by the vendor packages whose answers need it.
//
// A value the vendor sends as null decodes as the zero value throughout.
package flex
