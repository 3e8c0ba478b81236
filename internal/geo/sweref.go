package geo

import "math"

// SWEREF 99 TM (EPSG:3006): transverse Mercator on the GRS 80 ellipsoid,
// central meridian 15° E, scale 0.9996 on it, false easting 500 000 m, no
// false northing. One zone covers all of Sweden, so the whole country is
// drawn without the seams or the skew of a zone system.
const (
	grs80A          = 6378137.0          // semi-major axis, metres
	grs80F          = 1 / 298.257222101  // flattening
	centralMeridian = 15 * math.Pi / 180 // λ0
	scaleK0         = 0.9996
	falseEasting    = 500000.0
)

// Series coefficients of Krüger's formulas for GRS 80, computed once.
var krueger = newKrueger(grs80A, grs80F)

type kruegerCoeffs struct {
	aRoof      float64    // â, the rectifying radius
	a, b, c, d float64    // A–D: conformal latitude series
	beta       [4]float64 // β1–β4: the transverse Mercator series
}

// newKrueger computes the coefficients of the forward projection as given
// by Lantmäteriet, "Gauss Conformal Projection (Transverse Mercator),
// Krüger's Formulas" (Geodesy, 2008), section "From geodetic to grid
// coordinates". The series are truncated after n⁴ and e⁸, which the
// document says is accurate to within 0.1 mm across a zone of Sweden's width.
func newKrueger(a, f float64) kruegerCoeffs {
	e2 := f * (2 - f)
	n := f / (2 - f)
	n2, n3, n4 := n*n, n*n*n, n*n*n*n
	return kruegerCoeffs{
		aRoof: a / (1 + n) * (1 + n2/4 + n4/64),
		a:     e2,
		b:     (5*e2*e2 - e2*e2*e2) / 6,
		c:     (104*e2*e2*e2 - 45*e2*e2*e2*e2) / 120,
		d:     1237 * e2 * e2 * e2 * e2 / 1260,
		beta: [4]float64{
			n/2 - 2*n2/3 + 5*n3/16 + 41*n4/180,
			13*n2/48 - 3*n3/5 + 557*n4/1440,
			61*n3/240 - 103*n4/140,
			49561 * n4 / 161280,
		},
	}
}

// SWEREF99TM projects a geodetic position in SWEREF 99 (for a map, WGS 84
// is the same to within a metre) given in degrees to SWEREF 99 TM grid
// coordinates in metres: northing n and easting e.
func SWEREF99TM(lat, lon float64) (n, e float64) {
	k := &krueger
	phi := lat * math.Pi / 180
	dl := lon*math.Pi/180 - centralMeridian
	s := math.Sin(phi)
	s2 := s * s
	// φ*: the conformal latitude.
	phiC := phi - s*math.Cos(phi)*(k.a+k.b*s2+k.c*s2*s2+k.d*s2*s2*s2)
	xi := math.Atan(math.Tan(phiC) / math.Cos(dl))
	eta := math.Atanh(math.Cos(phiC) * math.Sin(dl))
	x, y := xi, eta
	for j, b := range k.beta {
		m := float64(2 * (j + 1))
		x += b * math.Sin(m*xi) * math.Cosh(m*eta)
		y += b * math.Cos(m*xi) * math.Sinh(m*eta)
	}
	return scaleK0 * k.aRoof * x, scaleK0*k.aRoof*y + falseEasting
}
