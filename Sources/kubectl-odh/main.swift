import ODHCLI
