import random

import shapely

from geo.boundaries import border_between
from geo.boundaries.layers import _border_index
from geo.gazetteer import get_gazetteer
from geo.places.locate import NEAR_KM, _border_near, _buffer_km, _may_come_near


def test_a_border_is_clipped_near_the_region_named_and_left_whole_far_from_it():
    whole = border_between("AM", "AZ")
    near, name = _border_near("AM", "AZ", "area:nkao")
    assert name == "Armenia–Azerbaijan border near Nagorno-Karabakh"
    assert 0 < near.length < whole.length
    far, name = _border_near("AM", "AZ", "area:wales")
    assert name == "Armenia–Azerbaijan border" and far.equals(whole)


def test_the_bounding_box_test_never_skips_a_border_the_buffer_would_reach():
    """Regions all over the world against every border line: where the cheap test says a line cannot come
    within NEAR_KM, the buffer it spares does not reach it either (and it does let through the lines that
    the buffer reaches)."""
    gz = get_gazetteer()
    kinds = ("region", "admin1", "country")
    sample = random.Random(5).sample([i for i in range(len(gz)) if gz.kind(i) in kinds], 120)
    sample += [gz.index_of(f"area:{name}") for name in ("nkao", "donbas", "crimea", "south-ossetia")]
    lines = list(_border_index().values())
    reached = 0
    for index in sample:
        region = gz.place(index).geometry
        buffer = _buffer_km(region, NEAR_KM)
        meets = shapely.intersects(buffer, lines)
        skipped = [not _may_come_near(line, region) for line in lines]
        assert not any(m and s for m, s in zip(meets, skipped)), gz.place(index).id
        reached += int(meets.sum())
    assert reached > 20       # the sample does reach borders: the test is not vacuous
