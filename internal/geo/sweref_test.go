package geo

import (
	"math"
	"testing"
)

// TestSWEREF99TMControlPoints projects Lantmäteriet's published control
// points ("Kontrollpunkter för SWEREF 99 TM", Lantmäteriet 2007-11-20),
// geodetic SWEREF 99 to SWEREF 99 TM, given to the millimetre.
func TestSWEREF99TMControlPoints(t *testing.T) {
	points := []struct {
		latD, latM, lonD, lonM float64
		n, e                   float64
	}{
		{55, 0, 12, 45, 6097106.672, 356083.438},
		{55, 0, 14, 15, 6095048.642, 452024.069},
		{57, 0, 12, 45, 6319636.937, 363331.554},
		{57, 0, 19, 30, 6326392.707, 773251.054},
		{59, 0, 11, 15, 6546096.724, 284626.066},
		{59, 0, 19, 30, 6548757.206, 758410.519},
		{61, 0, 12, 45, 6764877.311, 378323.440},
		{61, 0, 18, 45, 6768593.345, 702745.127},
		{63, 0, 12, 0, 6989134.048, 348083.148},
		{63, 0, 19, 30, 6993565.630, 727798.671},
		{65, 0, 13, 30, 7209293.753, 429270.201},
		{65, 0, 21, 45, 7225449.115, 817833.405},
		{67, 0, 16, 30, 7432168.174, 565398.458},
		{67, 0, 24, 0, 7459745.672, 891298.142},
		{69, 0, 21, 0, 7666089.698, 739639.195},
	}
	for _, p := range points {
		lat, lon := p.latD+p.latM/60, p.lonD+p.lonM/60
		n, e := SWEREF99TM(lat, lon)
		// The control values are rounded to the millimetre.
		if math.Abs(n-p.n) > 0.001 || math.Abs(e-p.e) > 0.001 {
			t.Errorf("SWEREF99TM(%v, %v) = N %.4f E %.4f, want N %.3f E %.3f", lat, lon, n, e, p.n, p.e)
		}
	}
}

// On the central meridian the easting is the false easting exactly.
func TestSWEREF99TMCentralMeridian(t *testing.T) {
	if _, e := SWEREF99TM(62, 15); math.Abs(e-falseEasting) > 1e-9 {
		t.Errorf("easting on 15° E = %v, want %v", e, falseEasting)
	}
}
